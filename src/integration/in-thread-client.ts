/**
 * What `client/keyward-client.ts` exports, backed by an engine in this thread instead of a worker
 * (component tests put it in place with `vi.mock`, component-setup.ts). `setInThreadEngine` says
 * which engine answers; its change notices reach the listeners as the worker's would.
 */
import type { EngineStatus } from '../client/engine-connection';
import type { KeywardApi } from '../domain/api';
import type { ChangeNotice } from '../domain/notices';

let engine: KeywardApi | undefined;
const noticeListeners = new Set<(notice: ChangeNotice) => void>();

export function setInThreadEngine(api: KeywardApi | undefined): void {
  engine = api;
}

/** Passes a notice of the in-thread engine to the console, as the worker connection does. */
export function passNotice(notice: ChangeNotice): void {
  for (const listener of noticeListeners) listener(notice);
}

const client = new Proxy({} as KeywardApi, {
  get(_target, name: string) {
    return (...args: unknown[]) => {
      if (!engine) throw new Error('No in-thread engine: call renderConsole first');
      return (engine[name as keyof KeywardApi] as (...a: unknown[]) => Promise<unknown>).apply(
        engine,
        args,
      );
    };
  },
});

export function keywardClient(): KeywardApi {
  return client;
}

export function onEngineChange(listener: (notice: ChangeNotice) => void): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

export function restartEngine(): void {}

const READY: EngineStatus = { state: 'ready' };

export function useEngineStatus(): EngineStatus {
  return READY;
}
