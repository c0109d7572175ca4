/**
 * The main thread's handle on the engine: starts the engine worker once and proxies every
 * `KeywardApi` method to it, turning error data back into `EngineError`.
 */
import { wrap } from 'comlink';
import { API_METHODS, type KeywardApi } from '../domain/api';
import { EngineError, isErrorData } from '../domain/errors';
import { batchingEndpoint } from '../domain/rpc-batching';
import EngineWorker from '../worker/engine.worker?worker';

let client: KeywardApi | undefined;

export function keywardClient(): KeywardApi {
  client ??= createClient();
  return client;
}

function createClient(): KeywardApi {
  const remote = wrap<KeywardApi>(batchingEndpoint(new EngineWorker({ name: 'keyward-engine' })));
  const remoteMethods = remote as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  return Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await (remoteMethods[name] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          throw isErrorData(error) ? EngineError.fromData(error) : error;
        }
      },
    ]),
  ) as unknown as KeywardApi;
}
