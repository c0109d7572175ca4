/**
 * The main thread's handle on the engine: starts the engine worker once, proxies every
 * `KeywardApi` method to it (turning error data back into `EngineError`), and passes on its change
 * notices.
 */
import { transfer, wrap } from 'comlink';
import { API_METHODS, type KeywardApi } from '../domain/api';
import { EngineError, isErrorData } from '../domain/errors';
import { batchingEndpoint } from '../domain/rpc-batching';
import { isNoticeMessage, type ChangeNotice } from '../domain/notices';
import EngineWorker from '../worker/engine.worker?worker';

let client: KeywardApi | undefined;
let worker: Worker | undefined;

export function keywardClient(): KeywardApi {
  client ??= createClient(engineWorker());
  return client;
}

function engineWorker(): Worker {
  worker ??= new EngineWorker({ name: 'keyward-engine' });
  return worker;
}

/**
 * Change notices, from this tab's engine: its own changes and other tabs' (which reach it by
 * BroadcastChannel). Listening to the engine rather than to the channel means a refresh never
 * reaches the engine before the notice that called for it.
 */
export function onEngineChange(listener: (notice: ChangeNotice) => void): () => void {
  const target = engineWorker();
  const handler = (event: MessageEvent) => {
    if (isNoticeMessage(event.data)) listener(event.data.keywardNotice);
  };
  target.addEventListener('message', handler);
  return () => target.removeEventListener('message', handler);
}

function createClient(engine: Worker): KeywardApi {
  const remote = wrap<KeywardApi>(batchingEndpoint(engine));
  const remoteMethods = remote as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  return Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        try {
          // Object chunks go to the engine by transfer, not copy: the caller's buffer is detached.
          const buffers = args.filter((a): a is ArrayBuffer => a instanceof ArrayBuffer);
          const sent =
            buffers.length > 0
              ? args.map((a) => (a instanceof ArrayBuffer ? transfer(a, [a]) : a))
              : args;
          return await (remoteMethods[name] as (...a: unknown[]) => Promise<unknown>)(...sent);
        } catch (error) {
          throw isErrorData(error) ? EngineError.fromData(error) : error;
        }
      },
    ]),
  ) as unknown as KeywardApi;
}
