/**
 * "A tab that dies right after a change": an engine over a harness's database whose store stops
 * for good once a write transaction that called a given StoreTx method (the change's own write,
 * e.g. `putVersion` for a rotation) has committed. Nothing that engine meant to do after that
 * commit happens, so what the change left for later (its outbox record) must be done by whichever
 * engine runs next.
 *
 * How it stops: `hang` — every later transaction, read or write, never answers (a closed tab's
 * never run); `refuse-writes` — later writes fail as a full disk does, reads still answer.
 */
import type { StorageOptions } from '../cos/storage-area';
import { Engine } from '../engine';
import { IdbStore, type Store } from '../store/database';
import type { StoreTx } from '../store/store-tx';
import type { Harness } from './harness';

export interface DyingTabOptions {
  /** The StoreTx method whose committed transaction is the tab's last. */
  after: keyof StoreTx;
  stops: 'hang' | 'refuse-writes';
  storage?: StorageOptions;
}

export interface DyingTab {
  engine: Engine;
  /** Resolves once that transaction has committed and the store stopped. */
  died: Promise<void>;
}

export async function openDyingTab(h: Harness, options: DyingTabOptions): Promise<DyingTab> {
  const inner = await IdbStore.open(h.factory, h.dbName);
  let dead = false;
  let markDied: () => void = () => undefined;
  const died = new Promise<void>((resolve) => (markDied = resolve));
  const never = new Promise<never>(() => undefined);
  const hangs = options.stops === 'hang';
  const store: Store = {
    read: (fn) => (dead && hangs ? never : inner.read(fn)),
    write: async (fn) => {
      if (dead) {
        if (hangs) return never;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      let called = false;
      const result = await inner.write((tx) =>
        fn(
          new Proxy(tx, {
            get(target, name, receiver) {
              if (name === options.after) called = true;
              const value: unknown = Reflect.get(target, name, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }) as StoreTx,
        ),
      );
      if (called) {
        dead = true;
        markDied();
      }
      return result;
    },
    close: () => inner.close(),
  };
  const engine = await Engine.open({
    store,
    now: () => h.clock.now,
    channel: null,
    ...(options.storage ? { storage: options.storage } : {}),
    storageEstimate: null,
  });
  return { engine, died };
}
