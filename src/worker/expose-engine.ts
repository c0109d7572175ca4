/**
 * Exposes an engine on a message endpoint (the worker's global scope; a MessagePort in tests):
 * the methods of `KeywardApi` with comlink, over a batching endpoint (see domain/rpc-batching.ts).
 * Errors cross as plain `ErrorData` (error subclasses do not survive structured clone); the
 * client turns them back into `EngineError`. Result ArrayBuffers go back by transfer. Beside the
 * RPC: change notices, the one "started"/"could not start" message, and answers to pings.
 */
import { expose, transfer } from 'comlink';
import { API_METHODS, type KeywardApi } from '../domain/api';
import { isPing, type EngineStatusMessage, type PongMessage } from '../domain/engine-status';
import type { ChangeNotice, NoticeMessage } from '../domain/notices';
import { batchingEndpoint, type MessageEndpoint } from '../domain/rpc-batching';
import type { Engine } from '../engine/engine';
import { toEngineError } from '../engine/operation';

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * `open` receives the function that passes a change notice to the page; the engine is opened
 * once and every call waits for it.
 */
export function exposeEngine(
  endpoint: MessageEndpoint,
  open: (onChange: (notice: ChangeNotice) => void) => Promise<Engine>,
): Promise<Engine> {
  endpoint.addEventListener('message', (event) => {
    const data: unknown = (event as MessageEvent).data;
    if (isPing(data)) endpoint.postMessage({ keywardPong: data.keywardPing } satisfies PongMessage);
  });
  const engine = open((notice) =>
    endpoint.postMessage({ keywardNotice: notice } satisfies NoticeMessage),
  );
  engine.then(
    () => endpoint.postMessage({ keywardEngine: 'ready' } satisfies EngineStatusMessage),
    (error: unknown) =>
      endpoint.postMessage({
        keywardEngine: 'failed',
        error: toEngineError(error).toData(),
      } satisfies EngineStatusMessage),
  );

  // Once open, calls reach the engine without one more await each.
  let opened: Record<string, Method> | undefined;
  engine.then(
    (e) => (opened = e as unknown as Record<string, Method>),
    () => undefined,
  );
  const api = Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        try {
          const target = opened ?? ((await engine) as unknown as Record<string, Method>);
          const method = target[name] as Method;
          const result = await method.apply(target, args);
          // Object chunks go back by transfer, not copy (the batching endpoint passes the list on).
          return result instanceof ArrayBuffer ? transfer(result, [result]) : result;
        } catch (error) {
          throw toEngineError(error).toData();
        }
      },
    ]),
  ) as unknown as KeywardApi;

  expose(api, batchingEndpoint(endpoint));
  return engine;
}
