/**
 * The worker entry: opens the engine over the browser's IndexedDB and exposes the methods of
 * `KeywardApi` with comlink, over a batching endpoint (see domain/rpc-batching.ts). Errors cross the boundary as plain `ErrorData` (error subclasses do
 * not survive structured clone); the client turns them back into `EngineError`. Change notices go
 * to the page as their own messages, which comlink ignores.
 */
import { expose, transfer } from 'comlink';
import { API_METHODS, type KeywardApi } from '../domain/api';
import type { NoticeMessage } from '../domain/notices';
import { batchingEndpoint } from '../domain/rpc-batching';
import { Engine } from '../engine/engine';
import { toEngineError } from '../engine/operation';

const engine = Engine.open({
  indexedDB,
  // Paced so a presenter sees the rewrap progress after a rotation.
  storage: { rewrap: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 150)) } },
  onChange: (notice) => self.postMessage({ keywardNotice: notice } satisfies NoticeMessage),
});

type Method = (...args: unknown[]) => Promise<unknown>;

const api = Object.fromEntries(
  API_METHODS.map((name) => [
    name,
    async (...args: unknown[]) => {
      try {
        const target = (await engine) as unknown as Record<string, Method>;
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

expose(api, batchingEndpoint(self));
