/**
 * Test-only access to the engine's database below the engine, through the plain IndexedDB API of
 * the harness's fake factory: read, write and snapshot object stores, grant access policies and
 * add users or key rings. The engine caches its directory, so open a new tab after writing them.
 */
import type { ServiceRole } from '../../domain/roles';
import type {
  AccessPolicy,
  AuditEvent,
  PolicyScope,
  ServiceInstance,
  User,
} from '../../domain/types';
import { STORE_NAMES } from '../store/database';
import {
  eventBlock,
  eventsOfRecord,
  isEventBlock,
  unpackEventRecords,
  type EventRecord,
} from '../store/event-blocks';
import type { KeyRecord, KeyVersionRecord } from '../store/records';
import type { Harness } from './harness';

export type StoreName = (typeof STORE_NAMES)[number];

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openRaw(h: Pick<Harness, 'factory' | 'dbName'>): Promise<IDBDatabase> {
  return done(h.factory.open(h.dbName));
}

/** Runs `fn` in one transaction over `stores`, then closes the connection. */
async function inTransaction<T>(
  h: Pick<Harness, 'factory' | 'dbName'>,
  stores: readonly StoreName[],
  mode: IDBTransactionMode,
  fn: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  const db = await openRaw(h);
  try {
    const tx = db.transaction([...stores], mode);
    const finished = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
    const result = await fn(tx);
    await finished;
    return result;
  } finally {
    db.close();
  }
}

export function readAll<T = unknown>(h: Harness, store: StoreName): Promise<T[]> {
  return inTransaction(h, [store], 'readonly', (tx) =>
    done(tx.objectStore(store).getAll() as IDBRequest<T[]>),
  );
}

export function putRecords(
  h: Harness,
  store: StoreName,
  records: readonly unknown[],
): Promise<void> {
  return inTransaction(h, [store], 'readwrite', async (tx) => {
    for (const r of records) await done(tx.objectStore(store).put(r));
  });
}

export function deleteRecord(h: Harness, store: StoreName, key: IDBValidKey): Promise<void> {
  return inTransaction(h, [store], 'readwrite', async (tx) => {
    await done(tx.objectStore(store).delete(key));
  });
}

/** Rewrites one stored record in place, as someone editing the database by hand would. */
export function updateRecord<T>(
  h: Harness,
  store: StoreName,
  key: IDBValidKey,
  edit: (record: T) => T,
): Promise<void> {
  return inTransaction(h, [store], 'readwrite', async (tx) => {
    const os = tx.objectStore(store);
    const record = (await done(os.get(key))) as T | undefined;
    if (record === undefined) throw new Error(`no record ${String(key)} in ${store}`);
    await done(os.put(edit(record)));
  });
}

export interface StoreSnapshot {
  keys: IDBValidKey[];
  values: unknown[];
}

/** Every object store's keys and values, read in one transaction (events unpacked, by seq). */
export function snapshot(h: Harness): Promise<Record<StoreName, StoreSnapshot>> {
  return inTransaction(h, STORE_NAMES, 'readonly', async (tx) => {
    const result = {} as Record<StoreName, StoreSnapshot>;
    for (const name of STORE_NAMES) {
      const os = tx.objectStore(name);
      const records = { keys: await done(os.getAllKeys()), values: await done(os.getAll()) };
      // The events one per record, as they were before event blocks, whatever the flushes were.
      result[name] = name === 'events' ? unpackEventRecords(records) : records;
    }
    return result;
  });
}

/** Every stored event in chain order, whether in event blocks (v9) or single records (older). */
export const rawEvents = async (h: Harness): Promise<AuditEvent[]> =>
  (await readAll<EventRecord>(h, 'events')).flatMap(eventsOfRecord);

/** The record (a block, or a single event) holding event `seq`, and its key. */
async function recordOfEvent(os: IDBObjectStore, seq: number): Promise<EventRecord | undefined> {
  const cursor = await done(os.openCursor(IDBKeyRange.upperBound(seq), 'prev'));
  const record = cursor?.value as EventRecord | undefined;
  return record && eventsOfRecord(record).some((e) => e.seq === seq) ? record : undefined;
}

/**
 * Rewrites one stored event in place, inside its block if it is in one (the block's other
 * fields stay as they were), as someone editing the database by hand would.
 */
export function updateEvent(
  h: Harness,
  seq: number,
  edit: (event: AuditEvent) => AuditEvent,
): Promise<void> {
  return inTransaction(h, ['events'], 'readwrite', async (tx) => {
    const os = tx.objectStore('events');
    const record = await recordOfEvent(os, seq);
    if (!record) throw new Error(`no event ${seq} in events`);
    if (!isEventBlock(record)) return void (await done(os.put(edit(record))));
    const events = record.events.map((e) => (e.seq === seq ? edit(e) : e));
    await done(os.put({ ...record, events }));
  });
}

/** Removes one stored event (from its block, which keeps its other events). */
export function deleteEvent(h: Harness, seq: number): Promise<void> {
  return inTransaction(h, ['events'], 'readwrite', async (tx) => {
    const os = tx.objectStore('events');
    const record = await recordOfEvent(os, seq);
    if (!record) throw new Error(`no event ${seq} in events`);
    await done(os.delete(record.seq));
    const rest = eventsOfRecord(record).filter((e) => e.seq !== seq);
    if (isEventBlock(record) && rest.length > 0) await done(os.put(eventBlock(rest)));
  });
}
export const rawKeys = (h: Harness) => readAll<KeyRecord>(h, 'keys');
export const rawVersions = (h: Harness) => readAll<KeyVersionRecord>(h, 'keyVersions');

let policyCounter = 0;

/** Grants a service role through the store, as an Administrator's access change would. */
export async function grant(
  h: Harness,
  userId: string,
  role: ServiceRole,
  scope: Omit<PolicyScope, 'instanceId'> = {},
): Promise<AccessPolicy> {
  const policy: AccessPolicy = {
    id: `test-policy-${++policyCounter}`,
    userId,
    role,
    scope: { instanceId: h.instanceId, ...scope },
    createdAt: new Date(h.clock.now).toISOString(),
  };
  await putRecords(h, 'accessPolicies', [policy]);
  return policy;
}

/** Adds a user of the account (with no access until granted). */
export async function addUser(h: Harness, id: string, name = id): Promise<User> {
  const user: User = { id, name, email: `${id}@keyward.example` };
  await putRecords(h, 'users', [user]);
  return user;
}

export async function addKeyRing(h: Harness, id: string): Promise<void> {
  await putRecords(h, 'keyRings', [
    { instanceId: h.instanceId, id, creationDate: h.clock.now, createdBy: 'test' },
  ]);
}

/** Adds a service instance through the store (with a `default` ring for kms and hpcs). */
export async function addInstance(
  h: Harness,
  id: string,
  kind: ServiceInstance['kind'],
  name = id,
): Promise<ServiceInstance> {
  const instance: ServiceInstance = {
    id,
    kind,
    name,
    region: 'eu-de',
    crn: `crn:v1:keyward:public:${kind}:eu-de:a/test:${id}::`,
    createdAt: new Date(h.clock.now).toISOString(),
  };
  await putRecords(h, 'instances', [instance]);
  if (kind !== 'cos')
    await putRecords(h, 'keyRings', [
      { instanceId: id, id: 'default', creationDate: h.clock.now, createdBy: 'test' },
    ]);
  return instance;
}
