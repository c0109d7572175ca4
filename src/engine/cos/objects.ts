/**
 * Objects of SPEC section 10, streamed in chunks so memory stays flat whatever the size:
 * upload (`beginUpload` → `putUploadChunk` × n → `completeUpload`, or `abortUpload`), read
 * (`getObjectChunk`, each chunk verified), list, head, delete (respecting retention).
 *
 * Each upload gets a fresh DEK, wrapped at once by the bucket's key (AAD: bucket, object name);
 * its chunks are sealed as they arrive (docs/object-format.md) and staged under a fresh object
 * id. Only `completeUpload` makes the object visible, in one transaction that also drops the
 * version it replaces. Any failed chunk aborts the whole upload and deletes what it staged; an
 * upload whose tab went away is swept once idle (UPLOAD_IDLE_MS), so nothing is left behind.
 */
import type { CallContext } from '../../domain/api';
import { denied, EngineError, engineError, invalidField } from '../../domain/errors';
import { chunkCountFor, chunkLength, DEFAULT_CHUNK_SIZE, dekAad } from '../../domain/object-format';
import {
  BUCKET_LIMITS,
  objectNameProblem,
  type StoredObject,
  type UploadTicket,
} from '../../domain/storage';
import { DAY } from '../../domain/time';
import type { ServiceInstance } from '../../domain/types';
import { check } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import {
  dekKey,
  newDek,
  newNoncePrefix,
  openChunk,
  sealChunk,
  type ObjectCipher,
} from '../crypto/object-cipher';
import { randomUUID } from '../crypto/random';
import { perform, type Operation } from '../operation';
import type { PendingEvent } from '../audit/audit-log';
import type { BucketRecord, ObjectRecord, UploadRecord } from '../store/records';
import type { StorageContext } from './storage-context';

/** An upload with no chunk for this long (real time, not the demo clock) is abandoned and swept. */
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;
/** How many objects' DEKs stay imported for reading (non-extractable CryptoKeys). */
const READ_CACHE_SIZE = 16;

interface UploadSession {
  uploadId: string;
  instanceId: string;
  bucket: string;
  name: string;
  size: number;
  contentType: string;
  chunkSize: number;
  cipher: ObjectCipher;
  wrappedDek: Bytes;
  keyVersionId: string;
  received: Set<number>;
  /**
   * Chunk indexes being sealed or sealed. Claimed synchronously before any await, so two
   * concurrent puts of one index never both encrypt under its GCM nonce.
   */
  claimed: Set<number>;
  createdBy: string;
  record: BucketRecord;
  retainUntil?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function uploadNotFound(uploadId: unknown): EngineError {
  return engineError(
    'UPLOAD_NOT_FOUND_ERR',
    `No upload in progress has the id "${String(uploadId)}": it was completed, aborted, failed, or abandoned; start the upload again.`,
  );
}

function corrupt(bucket: string, name: string, index: number): EngineError {
  return engineError(
    'UNPROCESSABLE_CIPHERTEXT_ERR',
    `Chunk ${index} of object "${name}" in bucket "${bucket}" failed verification: it was altered, moved, reordered or is missing.`,
  );
}

export function toStoredObject(o: ObjectRecord): StoredObject {
  return {
    bucket: o.bucket,
    name: o.name,
    size: o.size,
    contentType: o.contentType,
    chunkSize: o.chunkSize,
    chunkCount: o.chunkCount,
    createdAt: iso(o.createdAt),
    createdBy: o.createdBy,
    ...(o.keyVersionId !== 'provider' ? { keyVersionId: o.keyVersionId } : {}),
    ...(o.retainUntil !== undefined ? { retainUntil: iso(o.retainUntil) } : {}),
  };
}

export class ObjectService {
  private readonly uploads = new Map<string, UploadSession>();
  /** Imported DEKs of recently read objects, by object id and the version that wrapped them. */
  private readonly readCache = new Map<string, { bucket: string; dek: CryptoKey }>();

  constructor(
    private readonly storage: StorageContext,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {}

  private get env() {
    return this.storage.env;
  }

  /** Forgets imported DEKs of a bucket (its key changed). */
  forgetBucket(bucket: string): void {
    for (const [id, entry] of this.readCache)
      if (entry.bucket === bucket) this.readCache.delete(id);
  }

  beginUpload(
    ctx: CallContext,
    bucket: string,
    name: string,
    options: { size: number; contentType?: string },
  ): Promise<UploadTicket> {
    return perform(this.env, ctx, 'cloud-object-storage.object-multipart.start', async (op) => {
      const instance = await this.storage.authorize(op, 'write');
      const record = await this.storage.bucket(bucket, instance);
      op.aim(`${record.crn}/${String(name)}`, { instanceId: instance.id });
      check('name', objectNameProblem(name));
      const size = options?.size;
      if (
        typeof size !== 'number' ||
        !Number.isInteger(size) ||
        size < 0 ||
        size > BUCKET_LIMITS.objectSizeMax
      )
        throw invalidField('size', 'give the object size in bytes, 0 to 5 GiB');
      const contentType = options.contentType ?? 'application/octet-stream';
      if (typeof contentType !== 'string' || contentType.length > 255)
        throw invalidField('contentType', 'a media type of at most 255 characters');
      await this.sweep();
      // Uploads grow storage the most: none starts while only the reserve is free (SPEC 14).
      await this.env.reserve.requireRoom();
      const protection = await this.storage.protection(instance, record, 'write');
      await this.requireNotRetained(record, name, op.now);
      const objectId = randomUUID();
      const dek = newDek();
      const { wrapped, keyVersionId } = await this.storage.wrapDek(
        instance,
        protection,
        dek,
        dekAad(record.name, name),
        op.correlationId,
      );
      const cipher: ObjectCipher = {
        binding: { bucket: record.name, name, objectId },
        chunkCount: chunkCountFor(size, this.chunkSize),
        noncePrefix: newNoncePrefix(),
        dek: await dekKey(dek),
      };
      const uploadId = randomUUID();
      await this.env.store.write((tx) =>
        tx.putUpload({
          uploadId,
          bucket: record.name,
          name,
          objectId,
          touchedAt: this.env.clock.realNow(),
          by: this.storage.presence.id,
        }),
      );
      this.uploads.set(uploadId, {
        uploadId,
        instanceId: instance.id,
        bucket: record.name,
        name,
        size,
        contentType,
        chunkSize: this.chunkSize,
        cipher,
        wrappedDek: wrapped,
        keyVersionId,
        received: new Set(),
        claimed: new Set(),
        createdBy: op.ctx.userId,
        record,
        ...(record.retentionDays !== undefined
          ? { retainUntil: op.now + record.retentionDays * DAY }
          : {}),
      });
      return { uploadId, chunkSize: this.chunkSize, chunkCount: cipher.chunkCount };
    });
  }

  /** Seals and stages one chunk. `bytes` is transferred, not copied, across the worker boundary. */
  putUploadChunk(
    ctx: CallContext,
    uploadId: string,
    index: number,
    bytes: ArrayBuffer,
  ): Promise<{ received: number }> {
    return perform(this.env, ctx, 'cloud-object-storage.object-multipart.part', async (op) => {
      const session = await this.session(op, uploadId);
      // A chunk already sent (or being sent by a concurrent call) is refused without ending the
      // upload: sealing it again would reuse its nonce with other bytes.
      if (typeof index === 'number' && session.claimed.has(index))
        throw invalidField('index', `chunk ${index} was already uploaded`);
      try {
        if (!Number.isInteger(index) || index < 0 || index >= session.cipher.chunkCount)
          throw invalidField('index', `a chunk index from 0 to ${session.cipher.chunkCount - 1}`);
        session.claimed.add(index);
        if (!(bytes instanceof ArrayBuffer)) throw invalidField('bytes', 'an ArrayBuffer');
        const expected = chunkLength(session.size, session.chunkSize, index);
        if (bytes.byteLength !== expected)
          throw invalidField(
            'bytes',
            `chunk ${index} must hold ${expected} bytes (it has ${bytes.byteLength})`,
          );
        // The key's state and the authorization are checked for every chunk: disabling the key
        // stops an upload. (The bucket record is the one read at begin; completion re-reads it.)
        await this.storage.protection(await this.instanceOf(session), session.record, 'write');
        // Storage nearly full midway: the upload ends and what it staged is deleted (below).
        await this.env.reserve.requireRoom();
        const sealed = await sealChunk(session.cipher, index, new Uint8Array(bytes));
        // The chunk and this call's event in one transaction (not the chunk's, then a group
        // commit's: every write transaction spans every store, so the two ran one after the
        // other). No change notice: a staged chunk is invisible until the upload completes.
        await op.commit(async (tx) => {
          // The chunk's put is sent with the read, not after its answer (one round trip to the
          // storage process fewer); an upload gone meanwhile aborts the transaction, put and all.
          const [upload] = await Promise.all([
            tx.getUpload(uploadId),
            tx.putChunk({ objectId: session.cipher.binding.objectId, index, data: sealed }),
          ]);
          if (!upload) throw uploadNotFound(uploadId);
          await tx.putUpload({ ...upload, touchedAt: this.env.clock.realNow() });
        }, null);
        session.received.add(index);
        return { received: session.received.size };
      } catch (error) {
        await this.discard(session.uploadId);
        throw error;
      }
    });
  }

  completeUpload(ctx: CallContext, uploadId: string): Promise<StoredObject> {
    return perform(this.env, ctx, 'cloud-object-storage.object.create', async (op) => {
      const session = await this.session(op, uploadId);
      try {
        const missing = session.cipher.chunkCount - session.received.size;
        if (missing > 0)
          throw invalidField(
            'uploadId',
            `${missing} of ${session.cipher.chunkCount} chunks have not been uploaded`,
          );
        const instance = await this.instanceOf(session);
        const bucket = await this.storage.bucket(session.bucket, instance);
        await this.storage.protection(instance, bucket, 'write');
        const record: ObjectRecord = {
          bucket: session.bucket,
          name: session.name,
          objectId: session.cipher.binding.objectId,
          size: session.size,
          contentType: session.contentType,
          chunkSize: session.chunkSize,
          chunkCount: session.cipher.chunkCount,
          noncePrefix: session.cipher.noncePrefix,
          wrappedDek: session.wrappedDek,
          keyVersionId: session.keyVersionId,
          createdAt: op.now,
          createdBy: session.createdBy,
          ...(session.retainUntil !== undefined ? { retainUntil: session.retainUntil } : {}),
        };
        await op.commit(
          async (tx) => {
            if (!(await tx.getUpload(uploadId))) throw uploadNotFound(uploadId);
            if (!(await tx.getBucket(session.bucket)))
              throw engineError('BUCKET_NOT_FOUND_ERR', `Bucket "${session.bucket}" was deleted.`);
            const stored = await tx.countChunks(record.objectId);
            if (stored !== record.chunkCount)
              throw invalidField('uploadId', 'staged chunks are missing; upload again');
            const previous = await tx.getObject(record.bucket, record.name);
            if (previous) {
              if (previous.retainUntil !== undefined && op.now < previous.retainUntil)
                throw retained(previous);
              await tx.deleteChunks(previous.objectId);
            }
            await tx.putObject(record);
            await tx.deleteUpload(uploadId);
          },
          { topic: 'storage', instanceId: session.instanceId },
        );
        this.uploads.delete(uploadId);
        return toStoredObject(record);
      } catch (error) {
        await this.discard(session.uploadId);
        throw error;
      }
    });
  }

  abortUpload(ctx: CallContext, uploadId: string): Promise<void> {
    return perform(this.env, ctx, 'cloud-object-storage.object-multipart.abort', async (op) => {
      const session = await this.session(op, uploadId);
      await this.discard(session.uploadId);
    });
  }

  listObjects(
    ctx: CallContext,
    bucket: string,
  ): Promise<{ objects: StoredObject[]; total: number }> {
    return perform(this.env, ctx, 'cloud-object-storage.bucket.list', async (op) => {
      const instance = await this.storage.authorize(op, 'read');
      const record = await this.storage.bucket(bucket, instance);
      op.aim(record.crn, { instanceId: instance.id });
      const objects = await this.env.store.read((tx) => tx.objectsOfBucket(record.name));
      objects.sort((a, b) => (a.name < b.name ? -1 : 1));
      return { objects: objects.map(toStoredObject), total: objects.length };
    });
  }

  headObject(ctx: CallContext, bucket: string, name: string): Promise<StoredObject> {
    return perform(this.env, ctx, 'cloud-object-storage.object-metadata.read', async (op) => {
      const { object } = await this.locate(op, bucket, name, 'read');
      return toStoredObject(object);
    });
  }

  /**
   * One chunk of an object, decrypted and verified (a ranged GET). The key's state and the
   * authorization are checked for every chunk. The result is transferred to the caller.
   */
  getObjectChunk(
    ctx: CallContext,
    bucket: string,
    name: string,
    index: number,
  ): Promise<ArrayBuffer> {
    return perform(this.env, ctx, 'cloud-object-storage.object.read', async (op) => {
      const instance = await this.storage.authorize(op, 'read');
      if (typeof bucket !== 'string' || typeof name !== 'string')
        throw invalidField('object', 'give a bucket and an object name');
      // One read transaction for the bucket, the object and the chunk: this is the hot path.
      const found = await this.env.store.read(async (tx) => {
        const [record, stored] = await Promise.all([
          tx.getBucket(bucket),
          tx.getObject(bucket, name),
        ]);
        const object = record && stored;
        const chunk =
          object && Number.isInteger(index) ? await tx.getChunk(object.objectId, index) : undefined;
        return { record, object, chunk };
      });
      const record = found.record?.instanceId === instance.id ? found.record : undefined;
      if (!record) await this.storage.bucket(bucket, instance); // throws BUCKET_NOT_FOUND_ERR
      const { object, chunk } = found;
      if (!record || !object) throw objectNotFound(bucket, name);
      op.aim(`${record.crn}/${name}`, { instanceId: instance.id });
      if (!Number.isInteger(index) || index < 0 || index >= object.chunkCount)
        throw invalidField('index', `a chunk index from 0 to ${object.chunkCount - 1}`);
      const protection = await this.storage.protection(instance, record, 'read');
      if (!chunk) throw corrupt(record.name, object.name, index);
      // Only the imported DEK is cached; the chunk layout always comes from the record read now.
      const cacheKey = `${object.objectId}/${object.keyVersionId}`;
      let cached = this.readCache.get(cacheKey);
      if (!cached) {
        const dek = await dekKey(
          await this.storage.unwrapDek(
            instance,
            protection,
            object.wrappedDek,
            dekAad(record.name, object.name),
            op.correlationId,
          ),
        );
        cached = { bucket: record.name, dek };
        this.readCache.set(cacheKey, cached);
        if (this.readCache.size > READ_CACHE_SIZE)
          this.readCache.delete(this.readCache.keys().next().value as string);
      }
      const cipher: ObjectCipher = {
        binding: { bucket: record.name, name: object.name, objectId: object.objectId },
        chunkCount: object.chunkCount,
        noncePrefix: object.noncePrefix,
        dek: cached.dek,
      };
      const plain = await openChunk(cipher, index, chunk.data);
      if (!plain || plain.length !== chunkLength(object.size, object.chunkSize, index))
        throw corrupt(record.name, object.name, index);
      return plain.buffer;
    });
  }

  deleteObject(ctx: CallContext, bucket: string, name: string): Promise<void> {
    return perform(this.env, ctx, 'cloud-object-storage.object.delete', async (op) => {
      const { instance, object } = await this.locate(op, bucket, name, 'write');
      if (object.retainUntil !== undefined && op.now < object.retainUntil) throw retained(object);
      await op.commit(
        async (tx) => {
          const fresh = await tx.getObject(object.bucket, object.name);
          if (!fresh || fresh.objectId !== object.objectId) throw objectNotFound(bucket, name);
          await tx.deleteObject(object.bucket, object.name);
          await tx.deleteChunks(object.objectId);
        },
        { topic: 'storage', instanceId: instance.id },
      );
    });
  }

  /** Drops uploads idle longer than UPLOAD_IDLE_MS (their tab closed), with their chunks. */
  async sweep(): Promise<number> {
    const now = this.env.clock.realNow();
    // Known before the transaction (awaiting the lock manager inside it would close it).
    const live = await this.storage.presence.live();
    const orphaned = (upload: UploadRecord) =>
      upload.by !== undefined && live !== undefined && !live.has(upload.by);
    let restoreQueue: (() => void) | undefined;
    try {
      return await this.env.store.write(async (tx) => {
        const events: PendingEvent[] = [];
        for (const upload of await tx.listUploads()) {
          if (this.uploads.has(upload.uploadId)) {
            if (now - upload.touchedAt < UPLOAD_IDLE_MS) continue;
          } else if (!orphaned(upload) && now - upload.touchedAt < UPLOAD_IDLE_MS) continue;
          await tx.deleteChunks(upload.objectId);
          await tx.deleteUpload(upload.uploadId);
          this.uploads.delete(upload.uploadId);
          const bucket = await tx.getBucket(upload.bucket);
          if (bucket) events.push(this.sweptEvent(bucket, upload));
        }
        if (events.length > 0) restoreQueue = await this.env.audit.appendInTransaction(tx, events);
        return events.length;
      });
    } catch (error) {
      restoreQueue?.();
      throw error;
    }
  }

  /** A swept upload's event: the storage service aborting it, as a multipart abort. */
  private sweptEvent(bucket: BucketRecord, upload: UploadRecord): PendingEvent {
    return {
      id: randomUUID(),
      time: new Date(this.env.clock.now()).toISOString(),
      action: 'cloud-object-storage.object-multipart.abort',
      initiator: { id: 'system', name: 'Cloud Object Storage (abandoned upload swept)', roles: [] },
      target: { crn: `${bucket.crn}/${upload.name}`, instanceId: bucket.instanceId },
      outcome: 'success',
      correlationId: upload.uploadId,
    };
  }

  private async locate(
    op: Operation,
    bucket: string,
    name: string,
    action: 'read' | 'write',
  ): Promise<{ instance: ServiceInstance; bucket: BucketRecord; object: ObjectRecord }> {
    const instance = await this.storage.authorize(op, action);
    const record = await this.storage.bucket(bucket, instance);
    op.aim(`${record.crn}/${String(name)}`, { instanceId: instance.id });
    const object =
      typeof name === 'string'
        ? await this.env.store.read((tx) => tx.getObject(record.name, name))
        : undefined;
    if (!object) throw objectNotFound(record.name, name);
    return { instance, bucket: record, object };
  }

  private async session(op: Operation, uploadId: unknown): Promise<UploadSession> {
    const instance = await this.storage.authorize(op, 'write');
    const session = typeof uploadId === 'string' ? this.uploads.get(uploadId) : undefined;
    if (!session || session.instanceId !== instance.id) throw uploadNotFound(uploadId);
    op.aim(`${instance.crn.replace(/::$/, ':bucket:')}${session.bucket}/${session.name}`, {
      instanceId: instance.id,
    });
    // An upload belongs to who began it (as a multipart upload's initiator): another Writer can
    // neither add bytes to it, complete it under that user's name, nor abort it.
    if (session.createdBy !== op.ctx.userId) {
      const { user } = await op.signIn();
      const directory = await this.env.directory.get();
      const owner = directory.users.get(session.createdBy)?.name ?? session.createdBy;
      throw denied(
        `${user.name} may not continue, complete or abort the upload of "${session.name}": only ${owner}, who began it, may.`,
      );
    }
    return session;
  }

  private instanceOf(session: UploadSession): Promise<ServiceInstance> {
    return this.storage.instance(session.instanceId);
  }

  private async requireNotRetained(bucket: BucketRecord, name: string, now: number) {
    const existing = await this.env.store.read((tx) => tx.getObject(bucket.name, name));
    if (existing?.retainUntil !== undefined && now < existing.retainUntil) throw retained(existing);
  }

  /** Forgets an upload and deletes everything it staged. */
  private async discard(uploadId: string): Promise<void> {
    const session = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    await this.env.store.write(async (tx) => {
      const upload = await tx.getUpload(uploadId);
      const objectId = upload?.objectId ?? session?.cipher.binding.objectId;
      if (objectId) await tx.deleteChunks(objectId);
      await tx.deleteUpload(uploadId);
    });
  }
}

function objectNotFound(bucket: string, name: unknown): EngineError {
  return engineError(
    'OBJECT_NOT_FOUND_ERR',
    `No object named "${String(name)}" in bucket "${bucket}".`,
  );
}

function retained(object: ObjectRecord): EngineError {
  return engineError(
    'OBJECT_RETENTION_ERR',
    `Object "${object.name}" is under the bucket's retention policy until ${iso(object.retainUntil ?? 0)}; it cannot be deleted or overwritten before then.`,
  );
}
