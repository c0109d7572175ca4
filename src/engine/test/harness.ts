/**
 * Test harness: a fresh engine over fake-indexeddb with a controllable clock, the demo personas'
 * call contexts, and further engines on the same database as other tabs would have. With
 * `linked: true` the engines exchange change notices through an in-memory stand-in for
 * BroadcastChannel (delivered asynchronously, never to the sender, as BroadcastChannel does).
 */
import { IDBFactory } from 'fake-indexeddb';
import type { CallContext } from '../../domain/api';
import type { ChangeNotice } from '../../domain/notices';
import { DEMO_USERS } from '../iam/bootstrap';
import type { StorageOptions } from '../cos/storage-area';
import { Engine, type ChangeChannel } from '../engine';
import type { SpaceEstimate } from '../store/storage-reserve';

export type Persona = keyof typeof DEMO_USERS;

export interface HarnessOptions {
  /** Engines of this harness exchange change notices (default: none, as if notices were lost). */
  linked?: boolean;
  /** Object storage options (chunk size, rewrap pacing) for every engine of the harness. */
  storage?: StorageOptions;
  /** The first engine's own console: receives every notice it passes on (as the worker's page). */
  onChange?: (notice: ChangeNotice) => void;
  /** Free space as the browser would estimate it (the storage reserve); default none. */
  storageEstimate?: SpaceEstimate;
}

export interface Harness {
  engine: Engine;
  factory: IDBFactory;
  dbName: string;
  clock: { now: number; advance(ms: number): void };
  instanceId: string;
  as(persona: Persona): CallContext;
  /** The call context of any user id (e.g. one added through the store). */
  asUser(userId: string): CallContext;
  /** A second engine on the same database, as another tab would have. */
  openTab(): Promise<Engine>;
  /** Resolves once every change notice posted so far has been delivered. */
  settle(): Promise<void>;
}

/** An in-memory BroadcastChannel: each message reaches every other member, asynchronously. */
class ChannelHub {
  private readonly members = new Set<(notice: ChangeNotice) => void>();
  private pending: Promise<void> = Promise.resolve();

  create(): ChangeChannel {
    const listeners: ((event: MessageEvent<ChangeNotice>) => void)[] = [];
    const receive = (notice: ChangeNotice) => {
      for (const l of listeners) l({ data: notice } as MessageEvent<ChangeNotice>);
    };
    this.members.add(receive);
    return {
      postMessage: (notice) => {
        const others = [...this.members].filter((m) => m !== receive);
        const copy = structuredClone(notice);
        this.pending = this.pending.then(
          () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
        );
        void this.pending.then(() => others.forEach((m) => m(copy)));
      },
      addEventListener: (_type, listener) => {
        listeners.push(listener);
      },
      close: () => {
        this.members.delete(receive);
      },
    };
  }

  async settle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.pending;
      await seen;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    } while (seen !== this.pending);
  }
}

let counter = 0;

export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  const factory = new IDBFactory();
  const dbName = `keyward-test-${++counter}`;
  const clock = {
    now: Date.UTC(2026, 0, 1),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const hub = options.linked ? new ChannelHub() : undefined;
  const open = (onChange?: (notice: ChangeNotice) => void) =>
    Engine.open({
      indexedDB: factory,
      dbName,
      now: () => clock.now,
      channel: hub ? hub.create() : null,
      ...(options.storage ? { storage: options.storage } : {}),
      storageEstimate: options.storageEstimate ?? null,
      ...(onChange ? { onChange } : {}),
    });
  const engine = await open(options.onChange);
  const session = await engine.getSession();
  const kms = session.instances.find((i) => i.kind === 'kms');
  if (!kms) throw new Error('no kms instance');
  return {
    engine,
    factory,
    dbName,
    clock,
    instanceId: kms.id,
    as: (persona) => ({ userId: DEMO_USERS[persona].id, instanceId: kms.id }),
    asUser: (userId) => ({ userId, instanceId: kms.id }),
    openTab: () => open(),
    settle: () => hub?.settle() ?? Promise.resolve(),
  };
}
