/**
 * The main thread's handle on the engine: starts the engine worker, proxies every `KeywardApi`
 * method to it (see engine-connection.ts), passes on its change notices, says whether it runs,
 * and restarts it on request (a worker that never started, or died, is replaced by a new one).
 */
import { useSyncExternalStore } from 'react';
import { API_METHODS, type KeywardApi } from '../domain/api';
import type { ChangeNotice } from '../domain/notices';
import EngineWorker from '../worker/engine.worker?worker';
import {
  connectEngine,
  EngineUnavailableError,
  type EngineConnection,
  type EngineStatus,
} from './engine-connection';

interface Running {
  worker: Worker;
  connection: EngineConnection;
}

let running: Running | undefined;
let client: KeywardApi | undefined;
const noticeListeners = new Set<(notice: ChangeNotice) => void>();
const statusListeners = new Set<() => void>();

function start(): Running {
  const worker = new EngineWorker({ name: 'keyward-engine' });
  const connection = connectEngine(worker);
  connection.onNotice((notice) => {
    for (const listener of noticeListeners) listener(notice);
  });
  connection.onStatus(() => {
    for (const listener of statusListeners) listener();
  });
  return { worker, connection };
}

function current(): Running {
  running ??= start();
  return running;
}

/**
 * The engine's API. Stable across restarts: each call goes to the worker running at the time.
 */
export function keywardClient(): KeywardApi {
  client ??= Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      (...args: unknown[]) =>
        (current().connection.api[name] as (...a: unknown[]) => Promise<unknown>)(...args),
    ]),
  ) as unknown as KeywardApi;
  return client;
}

/**
 * Change notices, from this tab's engine: its own changes and other tabs' (which reach it by
 * BroadcastChannel). Listening to the engine rather than to the channel means a refresh never
 * reaches the engine before the notice that called for it.
 */
export function onEngineChange(listener: (notice: ChangeNotice) => void): () => void {
  current();
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

/** Replaces the engine worker with a new one (after it failed to start or stopped). */
export function restartEngine(): void {
  const old = running;
  running = undefined;
  if (old) {
    old.connection.fail(new EngineUnavailableError('The key engine was restarted.'));
    old.worker.terminate();
  }
  current();
  for (const listener of statusListeners) listener();
}

function subscribeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** Whether the engine is starting, running, or failed (with why), as React state. */
export function useEngineStatus(): EngineStatus {
  return useSyncExternalStore(subscribeStatus, () => current().connection.status());
}
