/**
 * The Keyward server's HTTP application (Hono): IAM's `/identity/token`, Key Protect's REST API
 * v2 under `/api/v2`, Keyward's own calls under `/keyward/v1`. Every `/api/v2` and `/keyward/v1`
 * request is authenticated; bodies over 1 MiB, bodies that are not JSON, unknown routes and
 * methods are refused in Key Protect's error shape before the engine is reached.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { KeywardApi } from '../../domain/api';
import { isAdministrator } from '../../engine/iam/access';
import type { Auth } from './auth';
import { callContext, type ServerEnv } from './context';
import { HttpError, readJson, sendError } from './kp-body';
import { mountInstanceRoutes } from './kp-instance';
import { mountKeyRoutes } from './kp-keys';
import { mountKeyRingCheck, type KeyRingLookup } from './kp-key-ring';
import {
  mountRpcRoutes,
  NoticeHub,
  RPC_MAX_BODY_BYTES,
  RPC_PREFIX,
  sendRpcError,
} from './keyward-rpc';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  engine: KeywardApi;
  auth: Auth;
  /** The engine's change notices, for the console's notice streams. */
  notices?: NoticeHub;
  /** The ring a key is in, for `X-Kms-Key-Ring` on the calls about one key. */
  keyRingOf: KeyRingLookup;
}

/** The console calls from its own origin: bearer tokens only (no cookies), so any origin may. */
const CORS_HEADERS = [
  'Authorization',
  'Content-Type',
  'Bluemix-Instance',
  'X-Kms-Key-Ring',
  'Correlation-Id',
  'Prefer',
];

export function createApp({
  engine,
  auth,
  notices = new NoticeHub(),
  keyRingOf,
}: AppDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  // The console's engine calls answer in the engine's error data; everything else as Key Protect.
  const isRpc = (c: Context) => c.req.path.startsWith(RPC_PREFIX);
  const refuse = (c: Context, error: unknown) =>
    isRpc(c) ? sendRpcError(c, error) : sendError(c, error);
  app.onError((error, c) => refuse(c, error));
  app.notFound((c) =>
    refuse(c, new HttpError('NOT_FOUND_ERR', `There is no route ${c.req.method} ${c.req.path}`)),
  );
  app.use(
    cors({
      origin: '*',
      allowHeaders: CORS_HEADERS,
      exposeHeaders: ['Key-Total', 'Correlation-Id', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  );
  const kpLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      sendError(c, new HttpError('BODY_TOO_LARGE_ERR', 'The request body is larger than 1 MiB')),
  });
  const rpcLimit = bodyLimit({
    maxSize: RPC_MAX_BODY_BYTES,
    onError: (c) =>
      sendRpcError(
        c,
        new HttpError('BODY_TOO_LARGE_ERR', 'The request body is larger than 24 MiB'),
      ),
  });
  app.use((c, next) => (isRpc(c) ? rpcLimit(c, next) : kpLimit(c, next)));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        c.header('Allow', methods.join(', '));
        return sendError(
          c,
          new HttpError(
            'METHOD_NOT_ALLOWED_ERR',
            `${c.req.method} is not allowed here; use ${methods.join(', ')}`,
          ),
        );
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));
  auth.mount(app as unknown as Hono);

  for (const prefix of ['/api/v2/*', '/keyward/v1/*']) {
    app.use(prefix, async (c, next) => {
      c.set('userId', await auth.userOf(c));
      await next();
    });
  }
  mountKeyRingCheck(app, keyRingOf);
  mountKeyRoutes(app, engine);
  mountInstanceRoutes(app, engine);
  mountRpcRoutes(app, engine, notices);

  // Keyward's own calls (the console's): who is here, and API keys for the account's users.
  app.get('/keyward/v1/session', async (c) => c.json(await engine.getSession()));
  app.post('/keyward/v1/api_keys', async (c) => {
    const session = await engine.getSession();
    const caller = c.get('userId');
    if (!isAdministrator(session.policies.filter((p) => p.userId === caller)))
      throw new HttpError('UNAUTHORIZED_ERR', 'Only an account Administrator may create API keys');
    const body = (await readJson(c)) as { userId?: unknown; name?: unknown } | undefined;
    const userId = body?.userId;
    if (typeof userId !== 'string' || !session.users.some((u) => u.id === userId))
      throw new HttpError('BAD_BODY_ERR', 'userId must name a user of the account');
    const name = typeof body?.name === 'string' && body.name.length <= 100 ? body.name : 'api key';
    const { apiKey, info } = await auth.createApiKey(userId, name);
    return c.json({ apikey: apiKey, ...info }, 201);
  });
  // The demo clock (Administrator only, as in the console): Key Protect's waiting periods.
  app.post('/keyward/v1/clock/advance', async (c) => {
    const body = (await readJson(c)) as { ms?: unknown } | undefined;
    return c.json(await engine.advanceTime(callContext(c), body?.ms as number));
  });
  return app;
}
