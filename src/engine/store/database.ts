/**
 * The one IndexedDB database: its versioned schema, its migrations, and transactions. Only this
 * folder imports idb. Each engine operation runs in one transaction over every store, so a state
 * change and its audit event commit together or not at all.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import { EngineError, engineError } from '../../domain/errors';
import type { EventRecord } from './event-blocks';
import { IdbStoreTx, type KeywardTransaction, type StoreTx } from './store-tx';
import type {
  AccessPolicy,
  AliasRecord,
  ImportTokenRecord,
  BucketRecord,
  AuthorizationRecord,
  KeyRecord,
  KeyRingRecord,
  KeyVersionRecord,
  MasterKeyRecord,
  HpcsRecord,
  ObjectChunkRecord,
  ObjectRecord,
  RegistrationRecord,
  RewrapJobRecord,
  KeyNoticeRecord,
  KeyUsageRecord,
  CheckpointRecord,
  CheckpointDataRecord,
  ServiceInstanceRecord,
  UploadRecord,
  User,
} from './records';

export const DB_NAME = 'keyward';

export const DB_VERSION = 9;

export interface KeywardSchema extends DBSchema {
  meta: { key: string; value: unknown };
  users: { key: string; value: User };
  instances: { key: string; value: ServiceInstanceRecord };
  accessPolicies: { key: string; value: AccessPolicy; indexes: { byUser: string } };
  keyRings: { key: [string, string]; value: KeyRingRecord; indexes: { byInstance: string } };
  keys: {
    key: string;
    value: KeyRecord;
    indexes: {
      byInstance: string;
      byAutoPurgeAt: number;
      // v2 (issue 4)
      byRotationDueAt: number;
      byRing: [string, string];
      // v6: keys by expiration date (their `kms.secrets.expire` events)
      byExpirationDate: number;
    };
  };
  aliases: { key: [string, string]; value: AliasRecord; indexes: { byInstance: string } };
  keyVersions: { key: [string, number]; value: KeyVersionRecord; indexes: { byKey: string } };
  masterKeys: { key: string; value: MasterKeyRecord };
  registrations: { key: [string, string]; value: RegistrationRecord; indexes: { byKey: string } };
  // v9: a record is an event block (one per flush), or one event as written by v8 and earlier
  events: {
    key: number;
    value: EventRecord;
    indexes: { byKeyId: string; byKeyIds: string; byLast: number };
  };
  importTokens: { key: string; value: ImportTokenRecord };
  // v2: object storage
  buckets: { key: string; value: BucketRecord; indexes: { byInstance: string; byKey: string } };
  objects: { key: [string, string]; value: ObjectRecord; indexes: { byBucket: string } };
  objectChunks: { key: [string, number]; value: ObjectChunkRecord };
  uploads: { key: string; value: UploadRecord };
  rewrapJobs: { key: string; value: RewrapJobRecord };
  // v2
  authorizations: {
    key: string;
    value: AuthorizationRecord;
    indexes: { bySource: string; byTarget: string };
  };
  // v4: Hyper Protect crypto units (issue 10)
  hpcs: { key: string; value: HpcsRecord };
  // v5: last use of each key (issue 11)
  keyUsage: { key: string; value: KeyUsageRecord; indexes: { byInstance: string } };
  // v6: the presenter's checkpoints (issue 12): what each holds, and its data apart
  checkpoints: { key: string; value: CheckpointRecord };
  checkpointData: { key: string; value: CheckpointDataRecord };
  // v8: key lifecycle notifications not yet delivered (the outbox; hardening, issue 14)
  keyNotices: { key: string; value: KeyNoticeRecord };
}

export const STORE_NAMES = [
  'meta',
  'users',
  'instances',
  'accessPolicies',
  'keyRings',
  'keys',
  'aliases',
  'keyVersions',
  'masterKeys',
  'registrations',
  'events',
  'importTokens',
  // v2: object storage
  'buckets',
  'objects',
  'objectChunks',
  'uploads',
  'rewrapJobs',
  // v2
  'authorizations',
  // v4: Hyper Protect crypto units (issue 10)
  'hpcs',
  // v5
  'keyUsage',
  // v7: the presenter's checkpoints (issue 12)
  'checkpoints',
  'checkpointData',
  // v8
  'keyNotices',
] as const;

/** The stores that make up the account: every store but the presenter's checkpoints. */
export const ACCOUNT_STORE_NAMES = STORE_NAMES.filter(
  (name) => name !== 'checkpoints' && name !== 'checkpointData',
) as Exclude<(typeof STORE_NAMES)[number], 'checkpoints' | 'checkpointData'>[];
export type AccountStoreName = (typeof ACCOUNT_STORE_NAMES)[number];

/** Schema steps. Shipped steps are never edited; a new version adds a new `if` below. */
function upgrade(
  database: IDBPDatabase<KeywardSchema>,
  oldVersion: number,
  transaction: IDBTransaction,
): void {
  if (oldVersion < 1) {
    database.createObjectStore('meta');
    database.createObjectStore('users', { keyPath: 'id' });
    database.createObjectStore('instances', { keyPath: 'id' });
    database.createObjectStore('accessPolicies', { keyPath: 'id' }).createIndex('byUser', 'userId');
    database
      .createObjectStore('keyRings', { keyPath: ['instanceId', 'id'] })
      .createIndex('byInstance', 'instanceId');
    const keys = database.createObjectStore('keys', { keyPath: 'id' });
    keys.createIndex('byInstance', 'instanceId');
    keys.createIndex('byAutoPurgeAt', 'autoPurgeAt');
    database
      .createObjectStore('aliases', { keyPath: ['instanceId', 'alias'] })
      .createIndex('byInstance', 'instanceId');
    database
      .createObjectStore('keyVersions', { keyPath: ['keyId', 'number'] })
      .createIndex('byKey', 'keyId');
    database.createObjectStore('masterKeys', { keyPath: 'instanceId' });
    database
      .createObjectStore('registrations', { keyPath: ['keyId', 'resourceCrn'] })
      .createIndex('byKey', 'keyId');
    database.createObjectStore('events', { keyPath: 'seq' }).createIndex('byKeyId', 'target.keyId');
  }
  if (oldVersion < 2) {
    database.createObjectStore('importTokens', { keyPath: 'instanceId' });
    // Key rings and scheduled rotation (issue 4): keys by ring, keys by next rotation date.
    const keys = transaction.objectStore('keys');
    keys.createIndex('byRotationDueAt', 'rotationDueAt');
    keys.createIndex('byRing', ['instanceId', 'keyRingID']);
    // Object storage (SPEC section 10).
    const buckets = database.createObjectStore('buckets', { keyPath: 'name' });
    buckets.createIndex('byInstance', 'instanceId');
    buckets.createIndex('byKey', 'encryption.keyId');
    database
      .createObjectStore('objects', { keyPath: ['bucket', 'name'] })
      .createIndex('byBucket', 'bucket');
    database.createObjectStore('objectChunks', { keyPath: ['objectId', 'index'] });
    database.createObjectStore('uploads', { keyPath: 'uploadId' });
    database.createObjectStore('rewrapJobs', { keyPath: 'bucket' });
    const authorizations = database.createObjectStore('authorizations', { keyPath: 'id' });
    authorizations.createIndex('bySource', 'sourceInstanceId');
    authorizations.createIndex('byTarget', 'targetInstanceId');
  }
  if (oldVersion < 4) {
    // Hyper Protect crypto units: administrators, thresholds, registers (issue 10).
    database.createObjectStore('hpcs', { keyPath: 'instanceId' });
  }
  if (oldVersion < 5) {
    // Last use of each key and key version (issue 11), written with the events' group commit.
    database
      .createObjectStore('keyUsage', { keyPath: 'keyId' })
      .createIndex('byInstance', 'instanceId');
  }
  if (oldVersion < 6) {
    // Keys by expiration date, so each expiry is recorded as its event (issue 13).
    transaction.objectStore('keys').createIndex('byExpirationDate', 'expirationDate');
  }
  if (oldVersion < 7) {
    // The presenter's checkpoints (issue 12): the list apart from the saved stores, so listing
    // them never reads 10,000 keys.
    database.createObjectStore('checkpoints', { keyPath: 'id' });
    database.createObjectStore('checkpointData', { keyPath: 'id' });
  }
  if (oldVersion < 8) {
    // Key lifecycle notifications not yet delivered (issue 14): written with the change that
    // causes them, delivered by whichever tab runs next.
    database.createObjectStore('keyNotices', { keyPath: 'id' });
  }
  if (oldVersion < 9) {
    // Event blocks (issue 16): a flush's events in one record, found by key through `byKeyIds`
    // (multiEntry: one entry per distinct key id) and counted through `byLast` without reading
    // them. Older single-event records stay as they are, found by `byKeyId` as before.
    const events = transaction.objectStore('events');
    events.createIndex('byKeyIds', 'keyIds', { multiEntry: true });
    events.createIndex('byLast', 'last');
  }
}

export interface StoreOptions {
  /**
   * Another tab asks for a newer schema: awaited (e.g. to write queued events) before this
   * connection closes so that tab can upgrade; then `onClosed` hears why this one stopped.
   */
  beforeVersionChange?: () => Promise<void>;
  onClosed?: (error: EngineError) => void;
  /** How long an upgrade waits for older tabs to let go before it gives up (default 4 s). */
  blockedTimeoutMs?: number;
}

/** Why this tab's engine stopped: another tab opened a newer version of the database. */
export function upgradedElsewhere(): EngineError {
  return engineError(
    'DATABASE_VERSION_ERR',
    'Keyward was updated in another tab, which upgraded its database: reload this tab to continue. Everything saved so far is kept.',
  );
}

function blockedByOlderTab(): EngineError {
  return engineError(
    'DATABASE_VERSION_ERR',
    'Another tab holds Keyward’s database open on an older version and does not let go: close the other Keyward tabs, then reload this one. Nothing was changed.',
  );
}

/**
 * The transaction runner every engine area uses: one transaction per engine operation, over every
 * store. `IdbStore` is the browser's; the server has a PostgreSQL one (`src/server/store`).
 */
export interface Store {
  /** Runs `fn` in a read-only transaction that sees one consistent state. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a read-write transaction. If `fn` throws, nothing it wrote is kept. Write
   * transactions do not interleave: each sees the state the previous one committed.
   */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): void | Promise<void>;
}

export class IdbStore implements Store {
  private closedBy: EngineError | undefined;

  private constructor(private readonly db: IDBPDatabase<KeywardSchema>) {}

  static async open(
    factory: IDBFactory,
    name = DB_NAME,
    options: StoreOptions = {},
  ): Promise<IdbStore> {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = (event) => {
      const database = wrap(request.result) as unknown as IDBPDatabase<KeywardSchema>;
      if (!request.transaction) throw new Error('upgrade without a versionchange transaction');
      upgrade(database, event.oldVersion, request.transaction);
    };
    // An older tab that does not close on `versionchange` blocks the upgrade: wait a moment,
    // then say so (and close the connection should it open after all, so it blocks nobody).
    let gaveUp = false;
    const blocked = new Promise<never>((_, reject) => {
      request.onblocked = () =>
        setTimeout(() => {
          gaveUp = true;
          reject(blockedByOlderTab());
        }, options.blockedTimeoutMs ?? 4000);
    });
    blocked.catch(() => undefined);
    const opened = (wrap(request) as unknown as Promise<IDBPDatabase<KeywardSchema>>).then((db) => {
      if (gaveUp) db.close();
      return db;
    });
    const db = await Promise.race([opened, blocked]);
    const store = new IdbStore(db);
    // Another tab wants a newer schema: finish what is queued, let it upgrade, and from then on
    // answer every call with a clear "reload" (not a 500): this tab's code is the older one.
    db.addEventListener('versionchange', () => {
      const closing = options.beforeVersionChange?.() ?? Promise.resolve();
      void closing
        .catch(() => undefined)
        .finally(() => {
          const reason = upgradedElsewhere();
          store.closedBy = reason;
          db.close();
          options.onClosed?.(reason);
        });
    });
    return store;
  }

  /** Runs `fn` in a read-only transaction over every store. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run('readonly', fn);
  }

  /**
   * Runs `fn` in a read-write transaction over every store. If `fn` throws, the transaction is
   * aborted and nothing it wrote is kept. `fn` may await only IndexedDB work.
   */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run('readwrite', fn);
  }

  close(): void {
    this.db.close();
  }

  private async run<T>(mode: IDBTransactionMode, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closedBy) throw this.closedBy;
    const tx = this.db.transaction(STORE_NAMES, mode) as unknown as KeywardTransaction;
    // Without this, an abort would also reject `done` with nobody listening.
    tx.done.catch(() => undefined);
    let result: T;
    try {
      result = await fn(new IdbStoreTx(tx));
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      throw storageError(error);
    }
    try {
      await tx.done;
    } catch (error) {
      throw storageError(error);
    }
    return result;
  }
}

function storageError(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return engineError(
      'STORAGE_FULL_ERR',
      'The browser storage for Keyward is full; nothing was saved. Free space (delete purged data or other sites’ data) and try again.',
    );
  }
  return error;
}
