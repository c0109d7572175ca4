/**
 * The console's second engine connection: a Keyward server over HTTP (SPEC 17), behind the same
 * `EngineConnection` as the in-browser worker. The API key is exchanged at `/identity/token` for
 * a bearer token, renewed before it expires (and once more when the server says it is no longer
 * valid); every `KeywardApi` method is `POST /keyward/v1/rpc/:method` with its arguments as
 * tagged JSON (domain/rpc-wire.ts); the server's error data comes back as `EngineError`. Change
 * notices arrive as server-sent events from `/keyward/v1/notices` (read with fetch, so the token
 * goes in a header, not the URL); after the stream was broken, one `account` notice refreshes
 * everything, since notices may have been missed meanwhile. A server that cannot be reached
 * fails the connection (every pending and later call rejects with `EngineUnavailableError`); the
 * caller replaces it to retry, as with a worker.
 */
import { API_METHODS, type KeywardApi } from '../domain/api';
import { EngineError, isErrorData } from '../domain/errors';
import type { ChangeNotice } from '../domain/notices';
import { fromWire, toWire } from '../domain/rpc-wire';
import { EngineUnavailableError, statusCell, type EngineConnection } from './engine-connection';

export interface ServerConnectionOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Renew the token this long before it expires. Default 60 s. */
  refreshMarginMs?: number;
  /** Wait before reopening a broken notice stream (doubling, at most 30 s). Default 1 s. */
  reconnectMs?: number;
}

/** Who the API key acts as, as the server says. */
export interface ServerIdentity {
  userId: string;
  name: string;
}

/** Why a server could not be used: it did not answer, refused the key, or is not Keyward. */
export type ServerProblem = 'unreachable' | 'bad-key' | 'not-keyward';

export class ServerConnectError extends EngineUnavailableError {
  constructor(
    readonly problem: ServerProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ServerConnectError';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/**
 * What is wrong with a server address, in words, or undefined. http is for this machine only
 * (the console's Content-Security-Policy allows https anywhere and http on loopback).
 */
export function serverUrlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter the server’s address, such as http://127.0.0.1:8080.';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'Enter a full address with http:// or https://, such as http://127.0.0.1:8080.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'The address must start with http:// or https://.';
  if (url.username || url.password) return 'Leave the user name and password out of the address.';
  if (url.search || url.hash) return 'Leave the query (?…) and fragment (#…) out of the address.';
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return 'Use https:// for a server on another machine (http:// is for localhost and 127.0.0.1 only).';
  return undefined;
}

/** The address as calls use it: no trailing slash. */
export function normalizeServerUrl(text: string): string {
  const url = new URL(text.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

interface Token {
  value: string;
  expiresAt: number;
}

function unreachable(url: string, detail?: string): ServerConnectError {
  return new ServerConnectError(
    'unreachable',
    `No Keyward server answered at ${url}${detail ? ` (${detail})` : ''}. Check the address and that the server runs (npm run serve).`,
  );
}

/** Exchanges the API key for a bearer token, as IBM Cloud IAM's API key grant. */
async function exchangeKey(url: string, apiKey: string, doFetch: typeof fetch): Promise<Token> {
  let response: Response;
  try {
    response = await doFetch(`${url}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
        apikey: apiKey,
      }).toString(),
    });
  } catch {
    throw unreachable(url);
  }
  const body = (await response.json().catch(() => undefined)) as
    | { access_token?: unknown; expires_in?: unknown; errorCode?: unknown; errorMessage?: unknown }
    | undefined;
  if (response.ok && typeof body?.access_token === 'string') {
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    return { value: body.access_token, expiresAt: Date.now() + lifetime * 1000 };
  }
  if (typeof body?.errorCode === 'string')
    throw new ServerConnectError(
      'bad-key',
      `The server refused the API key: ${typeof body.errorMessage === 'string' ? body.errorMessage : body.errorCode}`,
    );
  throw new ServerConnectError(
    'not-keyward',
    `${url} answered ${response.status}, not as a Keyward server: check the address.`,
  );
}

async function whoAmI(url: string, token: string, doFetch: typeof fetch): Promise<ServerIdentity> {
  let response: Response;
  try {
    response = await doFetch(`${url}/keyward/v1/whoami`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch {
    throw unreachable(url);
  }
  const body = (await response.json().catch(() => undefined)) as
    Partial<ServerIdentity> | undefined;
  if (!response.ok || typeof body?.userId !== 'string')
    throw new ServerConnectError(
      'not-keyward',
      `${url} answered ${response.status} for who the key acts as: is it a Keyward server?`,
    );
  return { userId: body.userId, name: typeof body.name === 'string' ? body.name : body.userId };
}

/** Tries the address and key: who the key acts as, or a `ServerConnectError` saying what failed. */
export async function probeServer(
  url: string,
  apiKey: string,
  doFetch: typeof fetch = fetch,
): Promise<ServerIdentity> {
  const token = await exchangeKey(url, apiKey, doFetch);
  return whoAmI(url, token.value, doFetch);
}

/** The server's answer to a refused call, as the engine's error. */
function errorOf(status: number, body: unknown): EngineError {
  const data = (body as { error?: unknown } | undefined)?.error;
  if (isErrorData(data)) return EngineError.fromData(data);
  const reason = (body as { resources?: { reasons?: unknown[] }[] } | undefined)?.resources?.[0]
    ?.reasons?.[0];
  if (isErrorData(reason)) return EngineError.fromData(reason);
  return new EngineError(
    status,
    status === 401 ? 'UNAUTHORIZED_ERR' : 'INTERNAL_ERR',
    `The server answered ${status} without an error body.`,
  );
}

export function connectServer(
  url: string,
  apiKey: string,
  options: ServerConnectionOptions = {},
): EngineConnection & { identity(): ServerIdentity | undefined } {
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const reconnectMs = options.reconnectMs ?? 1000;
  const aborter = new AbortController();
  const cell = statusCell();
  const setStatus = cell.set;
  let identity: ServerIdentity | undefined;
  const noticeListeners = new Set<(notice: ChangeNotice) => void>();
  const fail = (error: Error) => {
    setStatus({ state: 'failed', error });
    aborter.abort();
  };

  // One token at a time: concurrent calls share the exchange in flight.
  let token: Promise<Token> = exchangeKey(url, apiKey, doFetch);
  const freshToken = (stale?: Token): Promise<Token> => {
    token = token.then(
      (current) =>
        current !== stale && current.expiresAt - refreshMarginMs > Date.now()
          ? current
          : exchangeKey(url, apiKey, doFetch),
      () => exchangeKey(url, apiKey, doFetch),
    );
    return token;
  };

  const started = token
    .then((t) => whoAmI(url, t.value, doFetch))
    .then((who) => {
      identity = who;
      setStatus({ state: 'ready' });
      void listen();
    });
  started.catch((error: unknown) =>
    fail(error instanceof Error ? error : unreachable(url, String(error))),
  );

  async function post(name: string, body: string, t: Token): Promise<Response> {
    try {
      return await doFetch(`${url}/keyward/v1/rpc/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.value}`, 'Content-Type': 'application/json' },
        body,
        signal: aborter.signal,
      });
    } catch {
      throw unreachable(url, 'the connection broke during a call');
    }
  }

  async function call(name: string, args: unknown[]): Promise<unknown> {
    await started;
    const body = JSON.stringify({ args: toWire(args) });
    let t = await freshToken();
    let response = await post(name, body, t);
    // The token is no longer valid (expired, or the server's key changed): a new one, once.
    if (
      response.status === 401 &&
      /invalid_token/.test(response.headers.get('www-authenticate') ?? '')
    ) {
      t = await freshToken(t);
      response = await post(name, body, t);
    }
    const data = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
    if (!response.ok) throw errorOf(response.status, data);
    return data && 'result' in data ? fromWire(data.result) : undefined;
  }

  /** The notice stream, reopened after a break (then one `account` notice: refresh everything). */
  async function listen(): Promise<void> {
    let wait = reconnectMs;
    let opened = false;
    while (!aborter.signal.aborted) {
      try {
        const t = await freshToken();
        const response = await doFetch(`${url}/keyward/v1/notices`, {
          headers: { Authorization: `Bearer ${t.value}`, Accept: 'text/event-stream' },
          signal: aborter.signal,
        });
        if (!response.ok || !response.body) throw new Error(`notices: ${response.status}`);
        if (opened) emit({ topic: 'account' });
        opened = true;
        wait = reconnectMs;
        await readEvents(response.body, (event, data) => {
          if (event !== 'notice') return;
          try {
            emit(JSON.parse(data) as ChangeNotice);
          } catch {
            // Not a notice: ignore it.
          }
        });
      } catch {
        // Reopened below, unless the connection was closed.
      }
      if (aborter.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 30_000);
    }
  }
  const emit = (notice: ChangeNotice) => {
    for (const listener of noticeListeners) listener(notice);
  };

  const api = Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        const now = cell.get();
        if (now.state === 'failed') throw now.error;
        try {
          return await cell.race(call(name, args));
        } catch (error) {
          // The server cannot be reached: as a worker that stopped, the connection is done.
          if (error instanceof ServerConnectError && error.problem === 'unreachable') fail(error);
          throw error;
        }
      },
    ]),
  ) as unknown as KeywardApi;

  return {
    api,
    status: cell.get,
    identity: () => identity,
    onStatus: cell.subscribe,
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    fail,
  };
}

/** Reads a server-sent event stream to its end, calling `onEvent` with each event's name and data. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
  }
}
