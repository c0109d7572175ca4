/**
 * The main thread's handle on the engine: starts the engine worker — or, when this tab is
 * pointed at a Keyward server (engine-choice.ts), connects to the server (server-connection.ts)
 * — proxies every `KeywardApi` method to it (see engine-connection.ts), passes on its change
 * notices, says whether it runs, and restarts it on request (a worker that never started, or
 * died, is replaced by a new one; a server connection is made again).
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
import { saveServerChoice, serverChoice } from './engine-choice';
import { connectServer, probeServer, type ServerIdentity } from './server-connection';
import { setActingUserId } from './session';

interface Running {
  worker?: Worker;
  connection: EngineConnection;
}

let running: Running | undefined;
let client: KeywardApi | undefined;
const noticeListeners = new Set<(notice: ChangeNotice) => void>();
const statusListeners = new Set<() => void>();

function start(): Running {
  const server = serverChoice();
  let worker: Worker | undefined;
  let connection: EngineConnection;
  if (server) connection = connectServer(server.url, server.apiKey);
  else {
    worker = new EngineWorker({ name: 'keyward-engine' });
    connection = connectEngine(worker);
  }
  connection.onNotice((notice) => {
    for (const listener of noticeListeners) listener(notice);
  });
  connection.onStatus(() => {
    for (const listener of statusListeners) listener();
  });
  return worker ? { worker, connection } : { connection };
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
    old.worker?.terminate();
  }
  current();
  for (const listener of statusListeners) listener();
}

/**
 * Points this tab at a Keyward server: tries the address and key first (a `ServerConnectError`
 * says what failed, and nothing changes), then acts as the key's user from now on. The caller
 * asks every read again (the answers now come from the server).
 */
export async function connectToServer(url: string, apiKey: string): Promise<ServerIdentity> {
  const identity = await probeServer(url, apiKey);
  saveServerChoice({ url, apiKey, userId: identity.userId, userName: identity.name });
  setActingUserId(identity.userId);
  restartEngine();
  return identity;
}

/** Back to this tab's in-browser engine (its own account, as it was left). */
export function disconnectServer(): void {
  saveServerChoice(undefined);
  restartEngine();
}

function subscribeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** Whether the engine is starting, running, or failed (with why), as React state. */
export function useEngineStatus(): EngineStatus {
  return useSyncExternalStore(subscribeStatus, () => current().connection.status());
}
