/**
 * `StoreTx` on PostgreSQL: the same typed reads and writes as the IndexedDB implementation
 * (src/engine/store/store-tx.ts), one SQL statement each, inside the transaction `PgStore` opened.
 * Results come back in IndexedDB's order (index key, then primary key), so the engine behaves the
 * same on either store.
 */
import type { StoreTx } from '../../engine/store/store-tx';
import { engineError } from '../../domain/errors';
import type {
  AccessPolicy,
  CheckpointDataRecord,
  CheckpointRecord,
  AliasRecord,
  AuditEvent,
  AuthorizationRecord,
  BucketRecord,
  HpcsRecord,
  ImportTokenRecord,
  KeyRecord,
  KeyRingRecord,
  KeyUsageRecord,
  KeyVersionRecord,
  MasterKeyRecord,
  MetaValues,
  ObjectChunkRecord,
  ObjectRecord,
  RegistrationRecord,
  RewrapJobRecord,
  KeyNoticeRecord,
  ServiceInstance,
  ServiceInstanceRecord,
  UploadRecord,
  User,
} from '../../engine/store/records';
import type { RecordCodec } from './codec';
import type { Sql } from './sql-database';

/** A column value the way IndexedDB indexes it: only valid keys (here strings and numbers). */
function indexed(value: unknown): string | number | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  return null;
}

const EVENT_BATCH = 500;

export class PgStoreTx implements StoreTx {
  private settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** Resolves once PgStore has committed this transaction; rejects if it rolled back. */
  readonly committed: Promise<void>;

  constructor(
    private readonly sql: Sql,
    private readonly codec: RecordCodec,
  ) {
    this.committed = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.committed.catch(() => undefined);
  }

  /** Called by PgStore once the transaction has ended. */
  ended(error?: unknown): void {
    if (error === undefined) this.settle?.resolve();
    else this.settle?.reject(error);
  }

  // ── generic helpers ───────────────────────────────────────────────────────────────────────

  private async many<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const rows = await this.sql.query<{ value: string }>(text, params);
    return Promise.all(rows.map((r) => this.codec.decode<T>(r.value)));
  }

  private async one<T>(text: string, params: unknown[]): Promise<T | undefined> {
    const rows = await this.many<T>(text, params);
    return rows[0];
  }

  private async count(text: string, params: unknown[]): Promise<number> {
    const rows = await this.sql.query<{ n: number | string }>(text, params);
    return Number(rows[0]?.n ?? 0);
  }

  /** Inserts or replaces one row: `columns` hold the key first (`keyCount` of them). */
  private async upsert(
    table: string,
    columns: Record<string, unknown>,
    keyCount: number,
    value: unknown,
  ): Promise<void> {
    const names = Object.keys(columns);
    const params = [...Object.values(columns), await this.codec.encode(value)];
    const all = [...names, 'value'];
    const placeholders = all.map((_, i) => `$${i + 1}`).join(', ');
    const keys = names.slice(0, keyCount).join(', ');
    const updates = all
      .slice(keyCount)
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ');
    await this.sql.query(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (${keys}) DO UPDATE SET ${updates}`,
      params,
    );
  }

  private async run(text: string, params: unknown[] = []): Promise<void> {
    await this.sql.query(text, params);
  }

  // ── meta, users, instances, policies ──────────────────────────────────────────────────────

  getMeta<K extends keyof MetaValues>(key: K): Promise<MetaValues[K] | undefined> {
    return this.one('SELECT value::text AS value FROM kw_meta WHERE k = $1', [key]);
  }
  putMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K]): Promise<void> {
    return this.upsert('kw_meta', { k: key }, 1, value);
  }
  deleteMeta(key: keyof MetaValues): Promise<void> {
    return this.run('DELETE FROM kw_meta WHERE k = $1', [key]);
  }

  getUser(id: string): Promise<User | undefined> {
    return this.one('SELECT value::text AS value FROM kw_users WHERE id = $1', [id]);
  }
  listUsers(): Promise<User[]> {
    return this.many('SELECT value::text AS value FROM kw_users ORDER BY id');
  }
  putUser(user: User): Promise<void> {
    return this.upsert('kw_users', { id: user.id }, 1, user);
  }
  deleteUser(id: string): Promise<void> {
    return this.run('DELETE FROM kw_users WHERE id = $1', [id]);
  }

  getInstance(id: string): Promise<ServiceInstance | undefined> {
    return this.one('SELECT value::text AS value FROM kw_instances WHERE id = $1', [id]);
  }
  listInstances(): Promise<ServiceInstance[]> {
    return this.many('SELECT value::text AS value FROM kw_instances ORDER BY id');
  }
  putInstance(instance: ServiceInstance): Promise<void> {
    return this.upsert('kw_instances', { id: instance.id }, 1, instance);
  }
  getInstanceRecord(id: string): Promise<ServiceInstanceRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_instances WHERE id = $1', [id]);
  }
  putInstanceRecord(instance: ServiceInstanceRecord): Promise<void> {
    return this.upsert('kw_instances', { id: instance.id }, 1, instance);
  }
  deleteInstance(id: string): Promise<void> {
    return this.run('DELETE FROM kw_instances WHERE id = $1', [id]);
  }

  listPolicies(): Promise<AccessPolicy[]> {
    return this.many('SELECT value::text AS value FROM kw_access_policies ORDER BY id');
  }
  policiesOfUser(userId: string): Promise<AccessPolicy[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_access_policies WHERE user_id = $1 ORDER BY id',
      [userId],
    );
  }
  getPolicy(id: string): Promise<AccessPolicy | undefined> {
    return this.one('SELECT value::text AS value FROM kw_access_policies WHERE id = $1', [id]);
  }
  putPolicy(policy: AccessPolicy): Promise<void> {
    return this.upsert(
      'kw_access_policies',
      { id: policy.id, user_id: indexed(policy.userId) },
      1,
      policy,
    );
  }
  deletePolicy(id: string): Promise<void> {
    return this.run('DELETE FROM kw_access_policies WHERE id = $1', [id]);
  }

  // ── key rings ─────────────────────────────────────────────────────────────────────────────

  getKeyRing(instanceId: string, id: string): Promise<KeyRingRecord | undefined> {
    return this.one(
      'SELECT value::text AS value FROM kw_key_rings WHERE instance_id = $1 AND id = $2',
      [instanceId, id],
    );
  }
  keyRingsOfInstance(instanceId: string): Promise<KeyRingRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_key_rings WHERE instance_id = $1 ORDER BY id',
      [instanceId],
    );
  }
  putKeyRing(ring: KeyRingRecord): Promise<void> {
    return this.upsert('kw_key_rings', { instance_id: ring.instanceId, id: ring.id }, 2, ring);
  }
  deleteKeyRing(instanceId: string, id: string): Promise<void> {
    return this.run('DELETE FROM kw_key_rings WHERE instance_id = $1 AND id = $2', [
      instanceId,
      id,
    ]);
  }
  countKeyRings(instanceId: string): Promise<number> {
    return this.count('SELECT count(*) AS n FROM kw_key_rings WHERE instance_id = $1', [
      instanceId,
    ]);
  }
  deleteKeyRingsOfInstance(instanceId: string): Promise<void> {
    return this.run('DELETE FROM kw_key_rings WHERE instance_id = $1', [instanceId]);
  }

  // ── keys ──────────────────────────────────────────────────────────────────────────────────

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_keys WHERE id = $1', [id]);
  }
  keysOfInstance(instanceId: string): Promise<KeyRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_keys WHERE instance_id = $1 ORDER BY id',
      [instanceId],
    );
  }
  keysDueForPurge(now: number): Promise<KeyRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_keys WHERE auto_purge_at <= $1 ORDER BY auto_purge_at, id',
      [now],
    );
  }
  async nextAutoPurgeAt(): Promise<number | undefined> {
    const rows = await this.sql.query<{ at: number | null }>(
      'SELECT min(auto_purge_at) AS at FROM kw_keys',
    );
    return rows[0]?.at ?? undefined;
  }
  keysOfRing(instanceId: string, keyRingID: string): Promise<KeyRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_keys WHERE instance_id = $1 AND key_ring_id = $2 ORDER BY id',
      [instanceId, keyRingID],
    );
  }
  keysDueForRotation(now: number): Promise<KeyRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_keys WHERE rotation_due_at <= $1 ORDER BY rotation_due_at, id',
      [now],
    );
  }
  async nextRotationDueAt(): Promise<number | undefined> {
    const rows = await this.sql.query<{ at: number | null }>(
      'SELECT min(rotation_due_at) AS at FROM kw_keys',
    );
    return rows[0]?.at ?? undefined;
  }
  putKey(key: KeyRecord): Promise<void> {
    return this.upsert(
      'kw_keys',
      {
        id: key.id,
        instance_id: indexed(key.instanceId),
        auto_purge_at: indexed(key.autoPurgeAt),
        rotation_due_at: indexed(key.rotationDueAt),
        key_ring_id: indexed(key.keyRingID),
      },
      1,
      key,
    );
  }
  deleteKey(id: string): Promise<void> {
    return this.run('DELETE FROM kw_keys WHERE id = $1', [id]);
  }

  // ── aliases, versions, master keys, hpcs ─────────────────────────────────────────────────

  getAlias(instanceId: string, alias: string): Promise<AliasRecord | undefined> {
    return this.one(
      'SELECT value::text AS value FROM kw_aliases WHERE instance_id = $1 AND alias = $2',
      [instanceId, alias],
    );
  }
  countAliases(instanceId: string): Promise<number> {
    return this.count('SELECT count(*) AS n FROM kw_aliases WHERE instance_id = $1', [instanceId]);
  }
  putAlias(alias: AliasRecord): Promise<void> {
    return this.upsert(
      'kw_aliases',
      { instance_id: alias.instanceId, alias: alias.alias },
      2,
      alias,
    );
  }
  deleteAlias(instanceId: string, alias: string): Promise<void> {
    return this.run('DELETE FROM kw_aliases WHERE instance_id = $1 AND alias = $2', [
      instanceId,
      alias,
    ]);
  }
  deleteAliasesOfInstance(instanceId: string): Promise<void> {
    return this.run('DELETE FROM kw_aliases WHERE instance_id = $1', [instanceId]);
  }

  versionsOfKey(keyId: string): Promise<KeyVersionRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_key_versions WHERE key_id = $1 ORDER BY number',
      [keyId],
    );
  }
  getVersion(keyId: string, number: number): Promise<KeyVersionRecord | undefined> {
    return this.one(
      'SELECT value::text AS value FROM kw_key_versions WHERE key_id = $1 AND number = $2',
      [keyId, number],
    );
  }
  putVersion(version: KeyVersionRecord): Promise<void> {
    return this.upsert(
      'kw_key_versions',
      { key_id: version.keyId, number: version.number },
      2,
      version,
    );
  }
  deleteVersionsOfKey(keyId: string): Promise<void> {
    return this.run('DELETE FROM kw_key_versions WHERE key_id = $1', [keyId]);
  }

  getMasterKey(instanceId: string): Promise<MasterKeyRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_master_keys WHERE instance_id = $1', [
      instanceId,
    ]);
  }
  putMasterKey(record: MasterKeyRecord): Promise<void> {
    return this.upsert('kw_master_keys', { instance_id: record.instanceId }, 1, record);
  }
  deleteMasterKey(instanceId: string): Promise<void> {
    return this.run('DELETE FROM kw_master_keys WHERE instance_id = $1', [instanceId]);
  }

  getHpcs(instanceId: string): Promise<HpcsRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_hpcs WHERE instance_id = $1', [
      instanceId,
    ]);
  }
  putHpcs(record: HpcsRecord): Promise<void> {
    return this.upsert('kw_hpcs', { instance_id: record.instanceId }, 1, record);
  }
  deleteHpcs(instanceId: string): Promise<void> {
    return this.run('DELETE FROM kw_hpcs WHERE instance_id = $1', [instanceId]);
  }

  // ── registrations ─────────────────────────────────────────────────────────────────────────

  registrationsOfKey(keyId: string): Promise<RegistrationRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_registrations WHERE key_id = $1 ORDER BY resource_crn',
      [keyId],
    );
  }
  getRegistration(keyId: string, resourceCrn: string): Promise<RegistrationRecord | undefined> {
    return this.one(
      'SELECT value::text AS value FROM kw_registrations WHERE key_id = $1 AND resource_crn = $2',
      [keyId, resourceCrn],
    );
  }
  listRegistrations(): Promise<RegistrationRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_registrations ORDER BY key_id, resource_crn',
    );
  }
  putRegistration(registration: RegistrationRecord): Promise<void> {
    return this.upsert(
      'kw_registrations',
      { key_id: registration.keyId, resource_crn: registration.resourceCrn },
      2,
      registration,
    );
  }
  deleteRegistration(keyId: string, resourceCrn: string): Promise<void> {
    return this.run('DELETE FROM kw_registrations WHERE key_id = $1 AND resource_crn = $2', [
      keyId,
      resourceCrn,
    ]);
  }
  deleteRegistrationsOfKey(keyId: string): Promise<void> {
    return this.run('DELETE FROM kw_registrations WHERE key_id = $1', [keyId]);
  }

  // ── events (the audit chain) ──────────────────────────────────────────────────────────────

  lastEvent(): Promise<AuditEvent | undefined> {
    return this.one('SELECT value::text AS value FROM kw_events ORDER BY seq DESC LIMIT 1', []);
  }
  /**
   * A flush's events, one row each (the table keeps a row per event), in one INSERT per
   * EVENT_BATCH rows (a statement takes at most 65,535 parameters).
   */
  async putEvents(events: readonly AuditEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += EVENT_BATCH) {
      const params: unknown[] = [];
      const rows: string[] = [];
      for (const event of events.slice(start, start + EVENT_BATCH)) {
        const i = params.length;
        params.push(event.seq, indexed(event.target?.keyId), await this.codec.encode(event));
        rows.push(`($${i + 1}, $${i + 2}, $${i + 3})`);
      }
      await this.sql.query(
        `INSERT INTO kw_events (seq, key_id, value) VALUES ${rows.join(', ')}
         ON CONFLICT (seq) DO UPDATE SET key_id = EXCLUDED.key_id, value = EXCLUDED.value`,
        params,
      );
    }
  }
  countEvents(): Promise<number> {
    return this.count('SELECT count(*) AS n FROM kw_events', []);
  }
  eventsOfKey(keyId: string): Promise<AuditEvent[]> {
    return this.many('SELECT value::text AS value FROM kw_events WHERE key_id = $1 ORDER BY seq', [
      keyId,
    ]);
  }
  async eachEvent(visit: (event: AuditEvent) => boolean, newestFirst = false): Promise<void> {
    let bound = newestFirst ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    const text = newestFirst
      ? 'SELECT seq, value::text AS value FROM kw_events WHERE seq < $1 ORDER BY seq DESC LIMIT $2'
      : 'SELECT seq, value::text AS value FROM kw_events WHERE seq > $1 ORDER BY seq LIMIT $2';
    for (;;) {
      const rows = await this.sql.query<{ seq: number; value: string }>(text, [bound, EVENT_BATCH]);
      for (const row of rows) {
        if (!visit(await this.codec.decode<AuditEvent>(row.value))) return;
        bound = row.seq;
      }
      if (rows.length < EVENT_BATCH) return;
    }
  }
  async eachEventAfter(seq: number, visit: (event: AuditEvent) => void): Promise<void> {
    let bound = seq;
    for (;;) {
      const rows = await this.sql.query<{ seq: number; value: string }>(
        'SELECT seq, value::text AS value FROM kw_events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [bound, EVENT_BATCH],
      );
      for (const row of rows) {
        visit(await this.codec.decode<AuditEvent>(row.value));
        bound = row.seq;
      }
      if (rows.length < EVENT_BATCH) return;
    }
  }

  // ── import tokens ─────────────────────────────────────────────────────────────────────────

  getImportToken(instanceId: string): Promise<ImportTokenRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_import_tokens WHERE instance_id = $1', [
      instanceId,
    ]);
  }
  putImportToken(token: ImportTokenRecord): Promise<void> {
    return this.upsert('kw_import_tokens', { instance_id: token.instanceId }, 1, token);
  }
  deleteImportToken(instanceId: string): Promise<void> {
    return this.run('DELETE FROM kw_import_tokens WHERE instance_id = $1', [instanceId]);
  }

  // ── object storage ────────────────────────────────────────────────────────────────────────

  getBucket(name: string): Promise<BucketRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_buckets WHERE name = $1', [name]);
  }
  bucketsOfInstance(instanceId: string): Promise<BucketRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_buckets WHERE instance_id = $1 ORDER BY name',
      [instanceId],
    );
  }
  listAllBuckets(): Promise<BucketRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_buckets ORDER BY name');
  }
  bucketsOfKey(keyId: string): Promise<BucketRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_buckets WHERE key_id = $1 ORDER BY name',
      [keyId],
    );
  }
  putBucket(bucket: BucketRecord): Promise<void> {
    const encryption = bucket.encryption as { keyId?: unknown };
    return this.upsert(
      'kw_buckets',
      {
        name: bucket.name,
        instance_id: indexed(bucket.instanceId),
        key_id: indexed(encryption.keyId),
      },
      1,
      bucket,
    );
  }
  deleteBucket(name: string): Promise<void> {
    return this.run('DELETE FROM kw_buckets WHERE name = $1', [name]);
  }

  getObject(bucket: string, name: string): Promise<ObjectRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_objects WHERE bucket = $1 AND name = $2', [
      bucket,
      name,
    ]);
  }
  objectsOfBucket(bucket: string): Promise<ObjectRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_objects WHERE bucket = $1 ORDER BY name',
      [bucket],
    );
  }
  countObjects(bucket: string): Promise<number> {
    return this.count('SELECT count(*) AS n FROM kw_objects WHERE bucket = $1', [bucket]);
  }
  putObject(object: ObjectRecord): Promise<void> {
    return this.upsert('kw_objects', { bucket: object.bucket, name: object.name }, 2, object);
  }
  deleteObject(bucket: string, name: string): Promise<void> {
    return this.run('DELETE FROM kw_objects WHERE bucket = $1 AND name = $2', [bucket, name]);
  }

  getChunk(objectId: string, index: number): Promise<ObjectChunkRecord | undefined> {
    return this.one(
      'SELECT value::text AS value FROM kw_object_chunks WHERE object_id = $1 AND idx = $2',
      [objectId, index],
    );
  }
  countChunks(objectId: string): Promise<number> {
    return this.count('SELECT count(*) AS n FROM kw_object_chunks WHERE object_id = $1', [
      objectId,
    ]);
  }
  putChunk(chunk: ObjectChunkRecord): Promise<void> {
    return this.upsert(
      'kw_object_chunks',
      { object_id: chunk.objectId, idx: chunk.index },
      2,
      chunk,
    );
  }
  deleteChunks(objectId: string): Promise<void> {
    return this.run('DELETE FROM kw_object_chunks WHERE object_id = $1', [objectId]);
  }

  getUpload(uploadId: string): Promise<UploadRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_uploads WHERE upload_id = $1', [uploadId]);
  }
  listUploads(): Promise<UploadRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_uploads ORDER BY upload_id');
  }
  putUpload(upload: UploadRecord): Promise<void> {
    return this.upsert('kw_uploads', { upload_id: upload.uploadId }, 1, upload);
  }
  deleteUpload(uploadId: string): Promise<void> {
    return this.run('DELETE FROM kw_uploads WHERE upload_id = $1', [uploadId]);
  }

  getRewrapJob(bucket: string): Promise<RewrapJobRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_rewrap_jobs WHERE bucket = $1', [bucket]);
  }
  listRewrapJobs(): Promise<RewrapJobRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_rewrap_jobs ORDER BY bucket');
  }
  putRewrapJob(job: RewrapJobRecord): Promise<void> {
    return this.upsert('kw_rewrap_jobs', { bucket: job.bucket }, 1, job);
  }
  deleteRewrapJob(bucket: string): Promise<void> {
    return this.run('DELETE FROM kw_rewrap_jobs WHERE bucket = $1', [bucket]);
  }

  // ── key lifecycle notifications not yet delivered (003: the outbox) ─────────────────────

  getKeyNotice(id: string): Promise<KeyNoticeRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_key_notices WHERE id = $1', [id]);
  }
  listKeyNotices(): Promise<KeyNoticeRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_key_notices ORDER BY id');
  }
  putKeyNotice(notice: KeyNoticeRecord): Promise<void> {
    return this.upsert('kw_key_notices', { id: notice.id }, 1, notice);
  }
  deleteKeyNotice(id: string): Promise<void> {
    return this.run('DELETE FROM kw_key_notices WHERE id = $1', [id]);
  }

  // ── service authorizations ────────────────────────────────────────────────────────────────

  listAuthorizations(): Promise<AuthorizationRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_authorizations ORDER BY id');
  }
  getAuthorization(id: string): Promise<AuthorizationRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_authorizations WHERE id = $1', [id]);
  }
  putAuthorization(record: AuthorizationRecord): Promise<void> {
    return this.upsert(
      'kw_authorizations',
      {
        id: record.id,
        source_instance_id: indexed(record.sourceInstanceId),
        target_instance_id: indexed(record.targetInstanceId),
      },
      1,
      record,
    );
  }
  deleteAuthorization(id: string): Promise<void> {
    return this.run('DELETE FROM kw_authorizations WHERE id = $1', [id]);
  }

  // ── last use of keys ──────────────────────────────────────────────────────────────────────

  getKeyUsage(keyId: string): Promise<KeyUsageRecord | undefined> {
    return this.one('SELECT value::text AS value FROM kw_key_usage WHERE key_id = $1', [keyId]);
  }
  keyUsageOfInstance(instanceId: string): Promise<KeyUsageRecord[]> {
    return this.many(
      'SELECT value::text AS value FROM kw_key_usage WHERE instance_id = $1 ORDER BY key_id',
      [instanceId],
    );
  }
  putKeyUsage(record: KeyUsageRecord): Promise<void> {
    return this.upsert(
      'kw_key_usage',
      { key_id: record.keyId, instance_id: indexed(record.instanceId) },
      1,
      record,
    );
  }
  deleteKeyUsage(keyId: string): Promise<void> {
    return this.run('DELETE FROM kw_key_usage WHERE key_id = $1', [keyId]);
  }

  // ── expiry (issue 13), import tokens ─────────────────────────────────────────────────────

  /** Keys whose expiration date is in (after, upTo], in IndexedDB's index order. */
  keysExpiringIn(after: number | undefined, upTo: number): Promise<KeyRecord[]> {
    return this.many(
      `SELECT value::text AS value FROM kw_keys
       WHERE (value->>'expirationDate')::double precision <= $1
         AND ($2::double precision IS NULL OR (value->>'expirationDate')::double precision > $2)
       ORDER BY (value->>'expirationDate')::double precision, id`,
      [upTo, after ?? null],
    );
  }
  async nextExpirationAfter(after: number): Promise<number | undefined> {
    const rows = await this.sql.query<{ d: number | string | null }>(
      `SELECT min((value->>'expirationDate')::double precision) AS d FROM kw_keys
       WHERE (value->>'expirationDate')::double precision > $1`,
      [after],
    );
    const d = rows[0]?.d;
    return d === null || d === undefined ? undefined : Number(d);
  }
  listImportTokens(): Promise<ImportTokenRecord[]> {
    return this.many('SELECT value::text AS value FROM kw_import_tokens ORDER BY instance_id');
  }

  // ── the presenter's checkpoints (issue 12): a browser demo feature, not the server's ─────

  private presenterOnly(): never {
    throw engineError(
      'INVALID_FIELD_ERR',
      'Checkpoints, reset and scenarios are the in-browser presenter kit: the Keyward server keeps its state in PostgreSQL, so back it up with pg_dump and the KEK file instead.',
    );
  }
  dumpStore(): Promise<{ keys: IDBValidKey[]; values: unknown[] }> {
    return this.presenterOnly();
  }
  clearStore(): Promise<void> {
    return this.presenterOnly();
  }
  loadStore(): Promise<void> {
    return this.presenterOnly();
  }
  deleteFromStore(): Promise<void> {
    return this.presenterOnly();
  }
  countStore(): Promise<number> {
    return this.presenterOnly();
  }
  async listCheckpoints(): Promise<CheckpointRecord[]> {
    return [];
  }
  async getCheckpoint(): Promise<CheckpointRecord | undefined> {
    return undefined;
  }
  async getCheckpointData(): Promise<CheckpointDataRecord | undefined> {
    return undefined;
  }
  putCheckpoint(): Promise<void> {
    return this.presenterOnly();
  }
  deleteCheckpoint(): Promise<void> {
    return this.presenterOnly();
  }
}
