/**
 * Keyward's own path for the console (`/keyward/v1`): every `KeywardApi` method as
 * `POST /keyward/v1/rpc/:method` with `{ "args": [...] }` (the tagged JSON of domain/rpc-wire.ts),
 * answered `{ "result": … }` or, with the error's status, `{ "error": { status, code, message,
 * reasons } }` — the engine's error data, which the console turns back into an `EngineError`.
 * The call runs through the same engine, boundary checks (API_SHAPES) and audit as in the
 * browser; the acting user is the bearer token's: a call context naming anyone else is refused
 * (401) before the engine is reached. `GET /keyward/v1/notices` streams the engine's change
 * notices (its own and, over LISTEN/NOTIFY, other processes') as server-sent events.
 */
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { API_METHODS, type KeywardApi } from '../../domain/api';
import { EngineError, ERROR_STATUS, type ErrorData } from '../../domain/errors';
import type { ChangeNotice } from '../../domain/notices';
import { fromWire, toWire, WireError } from '../../domain/rpc-wire';
import { API_SHAPES } from '../../engine/boundary/api-schema';
import type { ServerEnv } from './context';
import { HttpError, readJson } from './kp-body';

export const RPC_PREFIX = '/keyward/v1/rpc/';
/** Object chunks travel here as base64: the engine's largest chunk (16 MiB) and its JSON. */
export const RPC_MAX_BODY_BYTES = 24 * 1024 * 1024;
/** A comment line this often keeps idle notice streams open through proxies. */
const KEEPALIVE_MS = 15_000;

const METHODS = new Set<string>(API_METHODS);

/** Who hears the engine's change notices: the open notice streams. */
export class NoticeHub {
  private readonly listeners = new Set<(notice: ChangeNotice) => void>();
  readonly publish = (notice: ChangeNotice): void => {
    for (const listener of this.listeners) listener(notice);
  };
  subscribe(listener: (notice: ChangeNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get size(): number {
    return this.listeners.size;
  }
}

/** Any error as the engine's error data (server refusals keep their status under an engine code). */
export function rpcErrorData(error: unknown): ErrorData {
  if (error instanceof EngineError) return error.toData();
  if (error instanceof HttpError)
    return {
      status: error.status,
      code: error.code in ERROR_STATUS ? (error.code as ErrorData['code']) : 'INVALID_FIELD_ERR',
      message: error.message,
    };
  if (error instanceof WireError)
    return { status: 400, code: 'INVALID_FIELD_ERR', message: `args: ${error.message}` };
  return { status: 500, code: 'INTERNAL_ERR', message: 'Internal error' };
}

export function sendRpcError(c: Context, error: unknown): Response {
  const data = rpcErrorData(error);
  if (data.status === 500 && !(error instanceof EngineError))
    console.error('keyward server: unexpected error', error);
  return c.json({ error: data }, data.status as 400);
}

export function mountRpcRoutes(app: Hono<ServerEnv>, engine: KeywardApi, hub: NoticeHub): void {
  // Who the token acts as: the console shows it and acts as no one else.
  app.get('/keyward/v1/whoami', async (c) => {
    const userId = c.get('userId');
    const session = await engine.getSession();
    const user = session.users.find((u) => u.id === userId);
    return c.json({ userId, name: user?.name ?? userId });
  });

  app.post(`${RPC_PREFIX}:method`, async (c) => {
    const name = c.req.param('method');
    if (!METHODS.has(name))
      throw new HttpError('NOT_FOUND_ERR', `There is no engine method "${name.slice(0, 60)}"`);
    const body = await readJson(c);
    const rawArgs =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as { args?: unknown }).args
        : undefined;
    if (!Array.isArray(rawArgs))
      throw new HttpError('BAD_BODY_ERR', 'The body must be {"args": [ …the method’s arguments ]}');
    const args = fromWire(rawArgs) as unknown[];
    const shape = API_SHAPES[name as keyof typeof API_SHAPES];
    if (shape.params[0] === 'ctx') requireCaller(args[0], c.get('userId'));
    const method = (engine as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      name
    ]!;
    const result = await method.apply(engine, args);
    // A method that answers nothing answers {}.
    return c.json(result === undefined ? {} : { result: toWire(result) });
  });

  app.get('/keyward/v1/notices', (c) =>
    streamSSE(c, async (stream) => {
      const unsubscribe = hub.subscribe((notice) => {
        void stream.writeSSE({ event: 'notice', data: JSON.stringify(notice) });
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        await stream.sleep(KEEPALIVE_MS);
        if (!stream.aborted) await stream.write(': keepalive\n\n');
      }
      unsubscribe();
    }),
  );
}

/** A call context must name the token's user; one acting as anyone else is refused. */
function requireCaller(ctx: unknown, caller: string): void {
  if (typeof ctx !== 'object' || ctx === null) return; // the boundary refuses it, by field
  const userId = (ctx as { userId?: unknown }).userId;
  if (typeof userId === 'string' && userId !== caller)
    throw new HttpError(
      'UNAUTHORIZED_ERR',
      `This token acts as ${caller}; it cannot act as ${userId.slice(0, 60)} (use that user’s API key)`,
    );
}
