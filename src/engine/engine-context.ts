/**
 * What the engine's areas share, opened from the engine's plain dependencies: the store (the
 * browser's IndexedDB or another implementation), the clock with its persisted demo offset, the
 * audit log, the directory, and the change channel every committed change is announced on.
 */
import { CHANGE_CHANNEL, type ChangeNotice } from '../domain/notices';
import type { EngineError } from '../domain/errors';
import { AuditLog } from './audit/audit-log';
import { EventAnnouncer } from './audit/event-notices';
import { Clock } from './clock';
import type { StorageOptions } from './cos/storage-area';
import type { RotationFaults } from './hpcs/master-key-rotation';
import { bootstrapAccount } from './iam/bootstrap';
import { Directory } from './iam/directory';
import type { EngineContext } from './operation';
import { IdbStore, type Store } from './store/database';
import { browserEstimate, StorageReserve, type SpaceEstimate } from './store/storage-reserve';

/** The part of BroadcastChannel the engine uses. */
export interface ChangeChannel {
  postMessage(message: ChangeNotice): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ChangeNotice>) => void): void;
  close(): void;
}

export interface EngineDeps {
  /** The browser's storage (and fake-indexeddb in unit tests); ignored when `store` is given. */
  indexedDB?: IDBFactory;
  /** Another store implementation (the server's PostgreSQL); default IndexedDB. */
  store?: Store;
  /** Base time source; the persisted demo offset is added to it. Default: Date.now. */
  now?: () => number;
  dbName?: string;
  /** Where change notices go; default a BroadcastChannel named CHANGE_CHANNEL; null for none. */
  channel?: ChangeChannel | null;
  /**
   * Tells this engine's own console about every change, its own or another tab's — the latter
   * only after this engine has dropped what the change made stale, so a refresh it triggers can
   * never be answered from an old cache.
   */
  onChange?: (notice: ChangeNotice) => void;
  /** Object storage: rewrap pacing (the console paces it so progress shows), chunk size. */
  storage?: StorageOptions;
  /** Hyper Protect: fault injection for tests of the all-or-nothing master key rotation. */
  hpcsFaults?: RotationFaults;
  /**
   * The engine stopped for good (another tab upgraded the database): the worker tells its page,
   * which asks the user to reload.
   */
  onStopped?: (error: EngineError) => void;
  /** How long opening waits for older tabs to close before it gives up (tests: short). */
  blockedTimeoutMs?: number;
  /** Free space, for the storage reserve; default navigator.storage.estimate; null: none. */
  storageEstimate?: SpaceEstimate | null;
}

function requireFactory(factory: IDBFactory | undefined): IDBFactory {
  if (!factory) throw new Error('Engine.open needs an IndexedDB factory or a store');
  return factory;
}

/** Opens the store (bootstrapping a fresh account) and builds the context over it. */
export async function openContext(
  deps: EngineDeps,
): Promise<{ env: EngineContext; channel: ChangeChannel | null }> {
  // Queued events are written before another tab's upgrade closes this connection.
  let flushBeforeClose: () => Promise<void> = () => Promise.resolve();
  const store =
    deps.store ??
    (await IdbStore.open(requireFactory(deps.indexedDB), deps.dbName, {
      beforeVersionChange: () => flushBeforeClose(),
      ...(deps.onStopped ? { onClosed: deps.onStopped } : {}),
      ...(deps.blockedTimeoutMs !== undefined ? { blockedTimeoutMs: deps.blockedTimeoutMs } : {}),
    }));
  const clock = new Clock(deps.now ?? Date.now);
  await bootstrapAccount(store, clock.now());
  clock.setOffset((await store.read((tx) => tx.getMeta('clockOffsetMs'))) ?? 0);
  const channel =
    deps.channel === undefined
      ? (new BroadcastChannel(CHANGE_CHANNEL) as ChangeChannel)
      : deps.channel;
  const notify = (notice: ChangeNotice) => {
    channel?.postMessage(notice);
    deps.onChange?.(notice);
  };
  const audit = new AuditLog(store);
  flushBeforeClose = () => audit.flush();
  const estimate = deps.storageEstimate === undefined ? browserEstimate() : deps.storageEstimate;
  const env: EngineContext = {
    store,
    clock,
    audit,
    directory: new Directory(store),
    notify,
    events: new EventAnnouncer(notify),
    reserve: new StorageReserve(estimate ?? undefined, () => clock.realNow()),
  };
  return { env, channel };
}
