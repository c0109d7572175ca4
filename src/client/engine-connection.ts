/**
 * One connection to an engine behind a message endpoint (a Web Worker in the browser, a
 * MessagePort in tests): proxies every `KeywardApi` method over comlink (batched), moves
 * ArrayBuffer arguments by transfer, turns error data back into `EngineError`, passes on change
 * notices, and knows whether the engine is running. An engine that does not report within
 * `startTimeoutMs` that it started, reports that it could not, whose worker fails to load, or that
 * stops answering pings while calls are pending, makes every pending and later call fail with
 * `EngineUnavailableError` (never an endless wait); the caller replaces the connection to retry.
 */
import { proxy, transfer, wrap } from 'comlink';
import { API_METHODS, type KeywardApi } from '../domain/api';
import { isEngineStatusMessage, isPong, type PingMessage } from '../domain/engine-status';
import { EngineError, isErrorData } from '../domain/errors';
import { isNoticeMessage, type ChangeNotice } from '../domain/notices';
import { batchingEndpoint, type MessageEndpoint } from '../domain/rpc-batching';

/** The engine could not be reached: it did not start, or its worker failed. */
export class EngineUnavailableError extends Error {
  /**
   * @param reloadNeeded Only reloading the page helps (another tab upgraded the database: this
   *   page's code is the older one); restarting the engine would not.
   */
  constructor(
    message: string,
    readonly reloadNeeded = false,
  ) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

export type EngineStatus =
  { state: 'starting' } | { state: 'ready' } | { state: 'failed'; error: Error };

export interface EngineConnection {
  api: KeywardApi;
  status(): EngineStatus;
  /** Status changes (started, failed). Returns the unsubscribe. */
  onStatus(listener: (status: EngineStatus) => void): () => void;
  /** Change notices from the engine (its own changes and other tabs'). Returns the unsubscribe. */
  onNotice(listener: (notice: ChangeNotice) => void): () => void;
  /** Marks the connection failed (e.g. its worker is being replaced): pending calls reject. */
  fail(error: Error): void;
}

export interface ConnectionOptions {
  /** How long the engine may take to open before it counts as not started. Default 20 s. */
  startTimeoutMs?: number;
  /** How long a ping may go unanswered, while calls are pending, before the engine counts as stopped. Default 10 s. */
  livenessMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 20_000;
const DEFAULT_LIVENESS_MS = 10_000;

/**
 * A connection's status (starting, ready, then failed for good), its listeners, and `race`: a
 * pending call, or the connection's failure if that comes first.
 *
 * Why not `Promise.race([call, failed])` against one long-lived promise: every race leaves a
 * reaction on it that holds the race's result, and a promise that never settles never drops its
 * reactions, so the page kept every answer it ever received (each downloaded object chunk among
 * them: 64 MiB more page heap after each 64 MiB download, bench/object-throughput.mjs). Here a
 * call's hook is removed once it settles.
 */
export function statusCell() {
  let status: EngineStatus = { state: 'starting' };
  const listeners = new Set<(status: EngineStatus) => void>();
  const waiting = new Set<(error: Error) => void>();
  return {
    race<T>(call: Promise<T>): Promise<T> {
      if (status.state === 'failed') {
        call.catch(() => undefined);
        return Promise.reject(status.error);
      }
      return new Promise<T>((resolve, reject) => {
        waiting.add(reject);
        call.then(
          (value) => {
            waiting.delete(reject);
            resolve(value);
          },
          (error: unknown) => {
            waiting.delete(reject);
            reject(error);
          },
        );
      });
    },
    /** Calls waiting in `race` (for tests: none is kept once settled). */
    waitingCount: (): number => waiting.size,
    get: (): EngineStatus => status,
    set: (next: EngineStatus): void => {
      if (status.state === 'failed') return;
      status = next;
      if (next.state === 'failed') {
        for (const reject of waiting) reject(next.error);
        waiting.clear();
      }
      for (const listener of listeners) listener(next);
    },
    subscribe: (listener: (status: EngineStatus) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function connectEngine(
  endpoint: MessageEndpoint,
  options: ConnectionOptions = {},
): EngineConnection {
  const cell = statusCell();
  const setStatus = cell.set;
  const fail = (error: Error) => {
    clearTimeout(startTimer);
    stopWatch();
    setStatus({ state: 'failed', error });
  };

  // Liveness: only while calls are pending (an idle console sends nothing), a ping every half
  // period; one unanswered for a whole period means the worker is gone or stuck.
  const livenessMs = options.livenessMs ?? DEFAULT_LIVENESS_MS;
  let pending = 0;
  let watch: ReturnType<typeof setInterval> | undefined;
  let ping: { seq: number; sentAt: number } | undefined;
  let pingSeq = 0;
  function stopWatch(): void {
    if (watch !== undefined) clearInterval(watch);
    watch = undefined;
    ping = undefined;
  }
  const tick = () => {
    if (cell.get().state !== 'ready') return;
    if (ping && Date.now() - ping.sentAt >= livenessMs) {
      fail(new EngineUnavailableError('The key engine stopped responding.'));
      return;
    }
    if (!ping) {
      ping = { seq: ++pingSeq, sentAt: Date.now() };
      endpoint.postMessage({ keywardPing: ping.seq } satisfies PingMessage);
    }
  };
  const callStarted = () => {
    if (pending++ === 0) watch = setInterval(tick, livenessMs / 2);
  };
  const callEnded = () => {
    if (--pending === 0) stopWatch();
  };

  const startTimer = setTimeout(
    () =>
      fail(
        new EngineUnavailableError(
          'The key engine did not start in time. Another tab may still hold an older version of the database open: close other Keyward tabs, then retry.',
        ),
      ),
    options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
  );
  endpoint.addEventListener('message', (event) => {
    const data: unknown = (event as MessageEvent).data;
    if (isPong(data)) {
      if (ping?.seq === data.keywardPong) ping = undefined;
      return;
    }
    if (!isEngineStatusMessage(data)) return;
    clearTimeout(startTimer);
    if (data.keywardEngine === 'ready') setStatus({ state: 'ready' });
    // Stopped because another tab upgraded the database: its own words say to reload.
    else if (data.error.code === 'DATABASE_VERSION_ERR')
      fail(new EngineUnavailableError(data.error.message, true));
    else fail(new EngineUnavailableError(`The key engine could not open: ${data.error.message}`));
  });
  // Before it started, an error means the worker script did not load or threw while starting.
  // Later, an uncaught error does not stop a worker; one that stops is found by the pings.
  endpoint.addEventListener('error', (event) => {
    if (cell.get().state !== 'starting') return;
    const detail = (event as ErrorEvent).message;
    fail(
      new EngineUnavailableError(
        detail ? `The key engine stopped: ${detail}` : 'The key engine failed to load or stopped.',
      ),
    );
  });

  const remote = wrap<KeywardApi>(batchingEndpoint(endpoint));
  const remoteMethods = remote as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const api = Object.fromEntries(
    API_METHODS.map((name) => {
      // Each method's comlink proxy, made once: reading a property of a comlink proxy makes a new
      // Proxy and registers it for finalization; one per method instead of one per call.
      const method = remoteMethods[name] as (...a: unknown[]) => Promise<unknown>;
      return [
        name,
        async (...args: unknown[]) => {
          const now = cell.get();
          if (now.state === 'failed') throw now.error;
          callStarted();
          try {
            // Object chunks go to the engine by transfer, not copy: the caller's buffer is detached.
            // A function (a progress listener) goes as a comlink proxy the engine calls back.
            const sent = args.some((a) => a instanceof ArrayBuffer || typeof a === 'function')
              ? args.map((a) =>
                  a instanceof ArrayBuffer
                    ? transfer(a, [a])
                    : typeof a === 'function'
                      ? proxy(a as (...x: unknown[]) => unknown)
                      : a,
                )
              : args;
            return await cell.race(method(...sent));
          } catch (error) {
            throw isErrorData(error) ? EngineError.fromData(error) : error;
          } finally {
            callEnded();
          }
        },
      ];
    }),
  ) as unknown as KeywardApi;

  return {
    api,
    status: cell.get,
    onStatus: cell.subscribe,
    onNotice(listener) {
      const handler = (event: Event) => {
        const data: unknown = (event as MessageEvent).data;
        if (isNoticeMessage(data)) listener(data.keywardNotice);
      };
      endpoint.addEventListener('message', handler);
      return () => endpoint.removeEventListener('message', handler);
    },
    fail,
  };
}
