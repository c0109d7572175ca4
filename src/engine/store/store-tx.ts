/**
 * Typed reads and writes inside one transaction. The engine's areas use these methods and never
 * see IndexedDB itself. `IdbStoreTx` is the IndexedDB implementation (the browser's); `StoreTx`,
 * the type every area uses, is its public shape, which the PostgreSQL implementation
 * (`src/server/store/pg-store-tx.ts`) implements too — a method added here must be added there.
 */
import { unwrap, type IDBPTransaction } from 'idb';
import type { AccountStoreName, KeywardSchema, STORE_NAMES } from './database';
import { blockProblem, eventBlock, eventsOfRecord, isEventBlock } from './event-blocks';
import type {
  AccessPolicy,
  AliasRecord,
  AuditEvent,
  ImportTokenRecord,
  BucketRecord,
  AuthorizationRecord,
  KeyRecord,
  KeyRingRecord,
  KeyVersionRecord,
  MasterKeyRecord,
  HpcsRecord,
  MetaValues,
  ObjectChunkRecord,
  ObjectRecord,
  RegistrationRecord,
  RewrapJobRecord,
  KeyNoticeRecord,
  KeyUsageRecord,
  CheckpointRecord,
  CheckpointDataRecord,
  ServiceInstance,
  ServiceInstanceRecord,
  UploadRecord,
  User,
} from './records';

// Typed as read-write; read-only transactions simply never call the write methods.
export type KeywardTransaction = IDBPTransaction<KeywardSchema, typeof STORE_NAMES, 'readwrite'>;

/** What an engine area may do inside one transaction: the public methods of `IdbStoreTx`. */
export type StoreTx = { [K in keyof IdbStoreTx]: IdbStoreTx[K] };

export class IdbStoreTx {
  /** The plain IndexedDB stores of the writes issued many at a time (see `putEvents`). */
  private readonly plainStores = new Map<string, IDBObjectStore>();
  constructor(private readonly tx: KeywardTransaction) {}

  /**
   * A put issued on the plain IndexedDB store, with no promise of its own (see `ISSUED`): the
   * idb wrapper's proxy, promise and two listeners per request cost more than the put when a
   * call writes thousands. A put that fails aborts the transaction (its error event is not
   * handled), so the call fails when the transaction completes; a put refused at once (a record
   * that cannot be stored) throws here, as the wrapper's would.
   */
  private issue(name: 'keys' | 'aliases' | 'keyVersions' | 'events' | 'keyUsage', value: unknown) {
    let store = this.plainStores.get(name);
    if (!store) this.plainStores.set(name, (store = unwrap(this.tx).objectStore(name)));
    store.put(value);
    return ISSUED;
  }

  /** Resolves once the transaction has committed; rejects if it aborts. */
  get committed(): Promise<void> {
    return this.tx.done;
  }

  async getMeta<K extends keyof MetaValues>(key: K): Promise<MetaValues[K] | undefined> {
    return (await this.tx.objectStore('meta').get(key)) as MetaValues[K] | undefined;
  }
  async putMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K]): Promise<void> {
    await this.tx.objectStore('meta').put(value, key);
  }
  async deleteMeta(key: keyof MetaValues): Promise<void> {
    await this.tx.objectStore('meta').delete(key);
  }

  getUser(id: string): Promise<User | undefined> {
    return this.tx.objectStore('users').get(id);
  }
  listUsers(): Promise<User[]> {
    return this.tx.objectStore('users').getAll();
  }
  async putUser(user: User): Promise<void> {
    await this.tx.objectStore('users').put(user);
  }

  getInstance(id: string): Promise<ServiceInstance | undefined> {
    return this.tx.objectStore('instances').get(id);
  }
  listInstances(): Promise<ServiceInstance[]> {
    return this.tx.objectStore('instances').getAll();
  }
  async putInstance(instance: ServiceInstance): Promise<void> {
    await this.tx.objectStore('instances').put(instance);
  }

  listPolicies(): Promise<AccessPolicy[]> {
    return this.tx.objectStore('accessPolicies').getAll();
  }
  policiesOfUser(userId: string): Promise<AccessPolicy[]> {
    return this.tx.objectStore('accessPolicies').index('byUser').getAll(userId);
  }
  async putPolicy(policy: AccessPolicy): Promise<void> {
    await this.tx.objectStore('accessPolicies').put(policy);
  }

  getKeyRing(instanceId: string, id: string): Promise<KeyRingRecord | undefined> {
    return this.tx.objectStore('keyRings').get([instanceId, id]);
  }
  keyRingsOfInstance(instanceId: string): Promise<KeyRingRecord[]> {
    return this.tx.objectStore('keyRings').index('byInstance').getAll(instanceId);
  }
  async putKeyRing(ring: KeyRingRecord): Promise<void> {
    await this.tx.objectStore('keyRings').put(ring);
  }

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.tx.objectStore('keys').get(id);
  }
  keysOfInstance(instanceId: string): Promise<KeyRecord[]> {
    return this.tx.objectStore('keys').index('byInstance').getAll(instanceId);
  }
  keysDueForPurge(now: number): Promise<KeyRecord[]> {
    return this.tx.objectStore('keys').index('byAutoPurgeAt').getAll(IDBKeyRange.upperBound(now));
  }
  /** The earliest automatic purge date among Destroyed keys, if any. */
  async nextAutoPurgeAt(): Promise<number | undefined> {
    const cursor = await this.tx.objectStore('keys').index('byAutoPurgeAt').openCursor();
    return cursor?.value.autoPurgeAt;
  }
  /** Keys whose expiration date is after `after` (if given) and at or before `upTo`. */
  keysExpiringIn(after: number | undefined, upTo: number): Promise<KeyRecord[]> {
    const range =
      after === undefined
        ? IDBKeyRange.upperBound(upTo)
        : IDBKeyRange.bound(after, upTo, true, false);
    return this.tx.objectStore('keys').index('byExpirationDate').getAll(range);
  }
  /** The earliest expiration date after `after`, if any. */
  async nextExpirationAfter(after: number): Promise<number | undefined> {
    const cursor = await this.tx
      .objectStore('keys')
      .index('byExpirationDate')
      .openCursor(IDBKeyRange.lowerBound(after, true));
    return cursor?.value.expirationDate;
  }
  putKey(key: KeyRecord): Promise<void> {
    return this.issue('keys', key);
  }
  async deleteKey(id: string): Promise<void> {
    await this.tx.objectStore('keys').delete(id);
  }

  getAlias(instanceId: string, alias: string): Promise<AliasRecord | undefined> {
    return this.tx.objectStore('aliases').get([instanceId, alias]);
  }
  countAliases(instanceId: string): Promise<number> {
    return this.tx.objectStore('aliases').index('byInstance').count(instanceId);
  }
  putAlias(alias: AliasRecord): Promise<void> {
    return this.issue('aliases', alias);
  }
  async deleteAlias(instanceId: string, alias: string): Promise<void> {
    await this.tx.objectStore('aliases').delete([instanceId, alias]);
  }

  versionsOfKey(keyId: string): Promise<KeyVersionRecord[]> {
    return this.tx.objectStore('keyVersions').index('byKey').getAll(keyId);
  }
  getVersion(keyId: string, number: number): Promise<KeyVersionRecord | undefined> {
    return this.tx.objectStore('keyVersions').get([keyId, number]);
  }
  putVersion(version: KeyVersionRecord): Promise<void> {
    return this.issue('keyVersions', version);
  }
  async deleteVersionsOfKey(keyId: string): Promise<void> {
    await this.tx
      .objectStore('keyVersions')
      .delete(IDBKeyRange.bound([keyId, -Infinity], [keyId, Infinity]));
  }

  getMasterKey(instanceId: string): Promise<MasterKeyRecord | undefined> {
    return this.tx.objectStore('masterKeys').get(instanceId);
  }
  async putMasterKey(record: MasterKeyRecord): Promise<void> {
    await this.tx.objectStore('masterKeys').put(record);
  }

  // Hyper Protect crypto units (schema v4)
  getHpcs(instanceId: string): Promise<HpcsRecord | undefined> {
    return this.tx.objectStore('hpcs').get(instanceId);
  }
  async putHpcs(record: HpcsRecord): Promise<void> {
    await this.tx.objectStore('hpcs').put(record);
  }
  async deleteHpcs(instanceId: string): Promise<void> {
    await this.tx.objectStore('hpcs').delete(instanceId);
  }

  registrationsOfKey(keyId: string): Promise<RegistrationRecord[]> {
    return this.tx.objectStore('registrations').index('byKey').getAll(keyId);
  }
  async putRegistration(registration: RegistrationRecord): Promise<void> {
    await this.tx.objectStore('registrations').put(registration);
  }
  async deleteRegistrationsOfKey(keyId: string): Promise<void> {
    await this.tx
      .objectStore('registrations')
      .delete(IDBKeyRange.bound([keyId, ''], [keyId, '\uffff']));
  }

  // Key rings and scheduled rotation (issue 4)
  async deleteKeyRing(instanceId: string, id: string): Promise<void> {
    await this.tx.objectStore('keyRings').delete([instanceId, id]);
  }
  countKeyRings(instanceId: string): Promise<number> {
    return this.tx.objectStore('keyRings').index('byInstance').count(instanceId);
  }
  keysOfRing(instanceId: string, keyRingID: string): Promise<KeyRecord[]> {
    return this.tx.objectStore('keys').index('byRing').getAll([instanceId, keyRingID]);
  }
  keysDueForRotation(now: number): Promise<KeyRecord[]> {
    return this.tx.objectStore('keys').index('byRotationDueAt').getAll(IDBKeyRange.upperBound(now));
  }
  /** The earliest scheduled rotation among keys with an enabled rotation policy, if any. */
  async nextRotationDueAt(): Promise<number | undefined> {
    const cursor = await this.tx.objectStore('keys').index('byRotationDueAt').openCursor();
    return cursor?.value.rotationDueAt;
  }

  // The audit chain (v9: event blocks, with older single-event records read alongside).
  async lastEvent(): Promise<AuditEvent | undefined> {
    const cursor = await this.tx.objectStore('events').openCursor(null, 'prev');
    return cursor ? eventsOfRecord(cursor.value).at(-1) : undefined;
  }
  /**
   * Writes `events` (in chain order) as one record, an event block: IndexedDB pays per record,
   * so a flush of 2,000 events costs one put. Issued on the plain store with no promise of its
   * own (see `issue`); a put that fails aborts the transaction, so the flush fails when the
   * transaction completes.
   */
  putEvents(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return ISSUED;
    return this.issue('events', eventBlock(events));
  }
  /**
   * The number of events (not records): single-event records, plus each block's span, read from
   * the `byLast` index's keys (last seq) and primary keys (first seq) without reading a block.
   */
  async countEvents(): Promise<number> {
    const store = unwrap(this.tx).objectStore('events');
    const byLast = store.index('byLast');
    const [records, blocks] = await Promise.all([
      requestResult(store.count()),
      requestResult(byLast.count()),
    ]);
    let events = records - blocks;
    await eachKeyOf(byLast, (last, first) => (events += Number(last) - Number(first) + 1));
    return events;
  }
  /** The events of one key, in chain order (from its blocks and any older single records). */
  async eventsOfKey(keyId: string): Promise<AuditEvent[]> {
    const store = this.tx.objectStore('events');
    const [single, blocks] = await Promise.all([
      store.index('byKeyId').getAll(keyId),
      store.index('byKeyIds').getAll(keyId),
    ]);
    const events = single as AuditEvent[];
    for (const record of blocks)
      for (const e of eventsOfRecord(record)) if (e.target?.keyId === keyId) events.push(e);
    // Both lists are in seq order; old records come before blocks unless restored among them.
    if (single.length > 0 && blocks.length > 0) events.sort((a, b) => a.seq - b.seq);
    return events;
  }

  /**
   * Visits every event in order (or newest first); `visit` returns false to stop. With
   * `onRecordProblem`, each event block's own fields are checked too (`blockProblem`): once its
   * events have all been visited, a problem is reported with its first event, and returning
   * false stops there.
   */
  async eachEvent(
    visit: (event: AuditEvent) => boolean,
    newestFirst = false,
    onRecordProblem?: (first: AuditEvent, problem: string) => boolean,
  ): Promise<void> {
    let cursor = await this.tx
      .objectStore('events')
      .openCursor(null, newestFirst ? 'prev' : 'next');
    while (cursor) {
      const record = cursor.value;
      const events = eventsOfRecord(record);
      if (newestFirst) {
        for (let i = events.length - 1; i >= 0; i--) if (!visit(events[i]!)) return;
      } else for (const e of events) if (!visit(e)) return;
      if (onRecordProblem && isEventBlock(record)) {
        const problem = blockProblem(record);
        if (problem && events[0] && !onRecordProblem(events[0], problem)) return;
      }
      cursor = await cursor.continue();
    }
  }

  getImportToken(instanceId: string): Promise<ImportTokenRecord | undefined> {
    return this.tx.objectStore('importTokens').get(instanceId);
  }
  listImportTokens(): Promise<ImportTokenRecord[]> {
    return this.tx.objectStore('importTokens').getAll();
  }
  async putImportToken(token: ImportTokenRecord): Promise<void> {
    await this.tx.objectStore('importTokens').put(token);
  }
  async deleteImportToken(instanceId: string): Promise<void> {
    await this.tx.objectStore('importTokens').delete(instanceId);
  }
  getInstanceRecord(id: string): Promise<ServiceInstanceRecord | undefined> {
    return this.tx.objectStore('instances').get(id);
  }
  async putInstanceRecord(instance: ServiceInstanceRecord): Promise<void> {
    await this.tx.objectStore('instances').put(instance);
  }

  // ── Object storage (v2) ───────────────────────────────────────────────────────────────────

  async deleteRegistration(keyId: string, resourceCrn: string): Promise<void> {
    await this.tx.objectStore('registrations').delete([keyId, resourceCrn]);
  }
  getRegistration(keyId: string, resourceCrn: string): Promise<RegistrationRecord | undefined> {
    return this.tx.objectStore('registrations').get([keyId, resourceCrn]);
  }

  getBucket(name: string): Promise<BucketRecord | undefined> {
    return this.tx.objectStore('buckets').get(name);
  }
  bucketsOfInstance(instanceId: string): Promise<BucketRecord[]> {
    return this.tx.objectStore('buckets').index('byInstance').getAll(instanceId);
  }
  listAllBuckets(): Promise<BucketRecord[]> {
    return this.tx.objectStore('buckets').getAll();
  }
  bucketsOfKey(keyId: string): Promise<BucketRecord[]> {
    return this.tx.objectStore('buckets').index('byKey').getAll(keyId);
  }
  async putBucket(bucket: BucketRecord): Promise<void> {
    await this.tx.objectStore('buckets').put(bucket);
  }
  async deleteBucket(name: string): Promise<void> {
    await this.tx.objectStore('buckets').delete(name);
  }

  getObject(bucket: string, name: string): Promise<ObjectRecord | undefined> {
    return this.tx.objectStore('objects').get([bucket, name]);
  }
  objectsOfBucket(bucket: string): Promise<ObjectRecord[]> {
    return this.tx.objectStore('objects').index('byBucket').getAll(bucket);
  }
  countObjects(bucket: string): Promise<number> {
    return this.tx.objectStore('objects').index('byBucket').count(bucket);
  }
  async putObject(object: ObjectRecord): Promise<void> {
    await this.tx.objectStore('objects').put(object);
  }
  async deleteObject(bucket: string, name: string): Promise<void> {
    await this.tx.objectStore('objects').delete([bucket, name]);
  }

  getChunk(objectId: string, index: number): Promise<ObjectChunkRecord | undefined> {
    return this.tx.objectStore('objectChunks').get([objectId, index]);
  }
  countChunks(objectId: string): Promise<number> {
    return this.tx
      .objectStore('objectChunks')
      .count(IDBKeyRange.bound([objectId, -Infinity], [objectId, Infinity]));
  }
  async putChunk(chunk: ObjectChunkRecord): Promise<void> {
    await this.tx.objectStore('objectChunks').put(chunk);
  }
  async deleteChunks(objectId: string): Promise<void> {
    await this.tx
      .objectStore('objectChunks')
      .delete(IDBKeyRange.bound([objectId, -Infinity], [objectId, Infinity]));
  }

  getUpload(uploadId: string): Promise<UploadRecord | undefined> {
    return this.tx.objectStore('uploads').get(uploadId);
  }
  listUploads(): Promise<UploadRecord[]> {
    return this.tx.objectStore('uploads').getAll();
  }
  async putUpload(upload: UploadRecord): Promise<void> {
    await this.tx.objectStore('uploads').put(upload);
  }
  async deleteUpload(uploadId: string): Promise<void> {
    await this.tx.objectStore('uploads').delete(uploadId);
  }

  getRewrapJob(bucket: string): Promise<RewrapJobRecord | undefined> {
    return this.tx.objectStore('rewrapJobs').get(bucket);
  }
  listRewrapJobs(): Promise<RewrapJobRecord[]> {
    return this.tx.objectStore('rewrapJobs').getAll();
  }
  async putRewrapJob(job: RewrapJobRecord): Promise<void> {
    await this.tx.objectStore('rewrapJobs').put(job);
  }
  async deleteRewrapJob(bucket: string): Promise<void> {
    await this.tx.objectStore('rewrapJobs').delete(bucket);
  }

  // Key lifecycle notifications not yet delivered (v8, the outbox).
  getKeyNotice(id: string): Promise<KeyNoticeRecord | undefined> {
    return this.tx.objectStore('keyNotices').get(id);
  }
  /** Every undelivered notice, oldest first. */
  listKeyNotices(): Promise<KeyNoticeRecord[]> {
    return this.tx.objectStore('keyNotices').getAll();
  }
  async putKeyNotice(notice: KeyNoticeRecord): Promise<void> {
    await this.tx.objectStore('keyNotices').put(notice);
  }
  async deleteKeyNotice(id: string): Promise<void> {
    await this.tx.objectStore('keyNotices').delete(id);
  }

  // Service authorizations (v2) and what depends on them.
  listAuthorizations(): Promise<AuthorizationRecord[]> {
    return this.tx.objectStore('authorizations').getAll();
  }
  getAuthorization(id: string): Promise<AuthorizationRecord | undefined> {
    return this.tx.objectStore('authorizations').get(id);
  }
  async putAuthorization(record: AuthorizationRecord): Promise<void> {
    await this.tx.objectStore('authorizations').put(record);
  }
  async deleteAuthorization(id: string): Promise<void> {
    await this.tx.objectStore('authorizations').delete(id);
  }
  listRegistrations(): Promise<RegistrationRecord[]> {
    return this.tx.objectStore('registrations').getAll();
  }

  // Access management: removing users, policies and instances (with what belongs to them).
  async deleteUser(id: string): Promise<void> {
    await this.tx.objectStore('users').delete(id);
  }
  getPolicy(id: string): Promise<AccessPolicy | undefined> {
    return this.tx.objectStore('accessPolicies').get(id);
  }
  async deletePolicy(id: string): Promise<void> {
    await this.tx.objectStore('accessPolicies').delete(id);
  }
  async deleteInstance(id: string): Promise<void> {
    await this.tx.objectStore('instances').delete(id);
  }
  async deleteMasterKey(instanceId: string): Promise<void> {
    await this.tx.objectStore('masterKeys').delete(instanceId);
  }
  async deleteKeyRingsOfInstance(instanceId: string): Promise<void> {
    await this.tx
      .objectStore('keyRings')
      .delete(IDBKeyRange.bound([instanceId, ''], [instanceId, '\uffff']));
  }
  async deleteAliasesOfInstance(instanceId: string): Promise<void> {
    await this.tx
      .objectStore('aliases')
      .delete(IDBKeyRange.bound([instanceId, ''], [instanceId, '\uffff']));
  }

  // Last use of keys (issue 11).
  getKeyUsage(keyId: string): Promise<KeyUsageRecord | undefined> {
    return this.tx.objectStore('keyUsage').get(keyId);
  }
  keyUsageOfInstance(instanceId: string): Promise<KeyUsageRecord[]> {
    return this.tx.objectStore('keyUsage').index('byInstance').getAll(instanceId);
  }
  putKeyUsage(record: KeyUsageRecord): Promise<void> {
    return this.issue('keyUsage', record);
  }
  async deleteKeyUsage(keyId: string): Promise<void> {
    await this.tx.objectStore('keyUsage').delete(keyId);
  }

  /** Visits the events after `seq`, in chain order (the dashboard's incremental view). */
  async eachEventAfter(seq: number, visit: (event: AuditEvent) => void): Promise<void> {
    const store = this.tx.objectStore('events');
    // The block that starts at or before `seq` may hold events after it.
    const straddling = await store.openCursor(IDBKeyRange.upperBound(seq), 'prev');
    if (straddling && isEventBlock(straddling.value) && straddling.value.last > seq)
      for (const e of straddling.value.events) if (e.seq > seq) visit(e);
    let cursor = await store.openCursor(IDBKeyRange.lowerBound(seq, true), 'next');
    while (cursor) {
      for (const e of eventsOfRecord(cursor.value)) visit(e);
      cursor = await cursor.continue();
    }
  }

  // ── Whole stores: checkpoints, reset and backup (issue 12) ───────────────────────────────

  /** Every key and record of an account store, in key order. */
  async dumpStore(name: AccountStoreName): Promise<{ keys: IDBValidKey[]; values: unknown[] }> {
    const store = this.tx.objectStore(name);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return { keys: keys as IDBValidKey[], values };
  }
  async clearStore(name: AccountStoreName): Promise<void> {
    await this.tx.objectStore(name).clear();
  }
  /** Puts records back (out-of-line keys, as `meta` has, with their keys). */
  async loadStore(
    name: AccountStoreName,
    records: { keys: readonly IDBValidKey[]; values: readonly unknown[] },
  ): Promise<void> {
    const store = this.tx.objectStore(name) as unknown as {
      keyPath: string | string[] | null;
      put(value: unknown, key?: IDBValidKey): Promise<unknown>;
    };
    const outOfLine = store.keyPath === null;
    const puts: Promise<unknown>[] = [];
    records.values.forEach((value, i) => {
      puts.push(outOfLine ? store.put(value, records.keys[i]) : store.put(value));
    });
    await Promise.all(puts);
  }
  /** Deletes the records under `keys` (issued together, awaited together). */
  async deleteFromStore(name: AccountStoreName, keys: readonly IDBValidKey[]): Promise<void> {
    const store = this.tx.objectStore(name) as unknown as {
      delete(key: IDBValidKey): Promise<void>;
    };
    await Promise.all(keys.map((key) => store.delete(key)));
  }
  /** The number of records of a store (`countEvents` counts the events of event blocks). */
  countStore(name: AccountStoreName): Promise<number> {
    return this.tx.objectStore(name).count();
  }

  listCheckpoints(): Promise<CheckpointRecord[]> {
    return this.tx.objectStore('checkpoints').getAll();
  }
  getCheckpoint(id: string): Promise<CheckpointRecord | undefined> {
    return this.tx.objectStore('checkpoints').get(id);
  }
  getCheckpointData(id: string): Promise<CheckpointDataRecord | undefined> {
    return this.tx.objectStore('checkpointData').get(id);
  }
  async putCheckpoint(record: CheckpointRecord, data: CheckpointDataRecord): Promise<void> {
    await this.tx.objectStore('checkpoints').put(record);
    await this.tx.objectStore('checkpointData').put(data);
  }
  async deleteCheckpoint(id: string): Promise<void> {
    await this.tx.objectStore('checkpoints').delete(id);
    await this.tx.objectStore('checkpointData').delete(id);
  }
}

/**
 * A write issued without waiting for its success event, for the writes made many at a time (keys,
 * versions, aliases, usage, events). IndexedDB runs a transaction's requests in order, so a later
 * read in the same transaction sees it; awaiting each put's round trip to the browser's storage
 * process before sending the next is what made a 1,000-key `createKeys` wait most of its time. A
 * write that fails aborts its transaction, so the call fails when the transaction completes
 * (`IdbStore.write` awaits it), never silently.
 */
const ISSUED: Promise<void> = Promise.resolve();

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Visits every key of an index with its record's primary key (a key cursor: no values read). */
function eachKeyOf(
  index: IDBIndex,
  visit: (key: IDBValidKey, primaryKey: IDBValidKey) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = index.openKeyCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve();
      visit(cursor.key, cursor.primaryKey);
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

/**
 * The IndexedDB class under its old name too, for tests that spy on its prototype
 * (`vi.spyOn(StoreTx.prototype, …)`); engine code names only the `StoreTx` type.
 */
export const StoreTx = IdbStoreTx;
