/**
 * The object storage part of the engine's API (SPEC section 10), merged into `KeywardApi`.
 * `ctx.instanceId` names the object storage (cos) instance, except in `getProtectedBuckets`,
 * which is asked of a key (kms instance). Byte arguments and results are ArrayBuffers that move
 * between threads by transfer: a buffer passed to `putUploadChunk` is detached from the caller.
 */
import type { CallContext } from './api-common';
import type {
  Bucket,
  CreateBucketRequest,
  EncryptionKeyChoice,
  ProtectedBucket,
  StoragePermissions,
  StoredObject,
  UploadTicket,
} from './storage';

export interface ObjectStorageApi {
  /** What the acting user may do in the storage instance (Reader read, Writer write, Manager). Not audited. */
  getStoragePermissions(ctx: CallContext): Promise<StoragePermissions>;
  listBuckets(ctx: CallContext): Promise<{ buckets: Bucket[]; total: number }>;
  getBucket(ctx: CallContext, bucket: string): Promise<Bucket>;
  /**
   * Creates a bucket. Customer-managed encryption needs a root key the storage instance is
   * authorized to use ("The key CRN could not be found" otherwise) and registers the bucket with
   * it (preventKeyDeletion when a retention period is set).
   */
  createBucket(ctx: CallContext, req: CreateBucketRequest): Promise<Bucket>;
  /** Deletes an empty bucket (Manager) and its registration. */
  deleteBucket(ctx: CallContext, bucket: string): Promise<void>;
  /** Root keys the storage instance is authorized to use: the create-bucket key picker. */
  listEncryptionKeys(ctx: CallContext): Promise<{ keys: EncryptionKeyChoice[]; total: number }>;
  listObjects(
    ctx: CallContext,
    bucket: string,
  ): Promise<{ objects: StoredObject[]; total: number }>;
  headObject(ctx: CallContext, bucket: string, object: string): Promise<StoredObject>;
  /** Starts an upload of `size` bytes: a fresh DEK, wrapped by the bucket's key. */
  beginUpload(
    ctx: CallContext,
    bucket: string,
    object: string,
    options: { size: number; contentType?: string },
  ): Promise<UploadTicket>;
  /** Encrypts and stages chunk `index` (exactly `chunkSize` bytes but the last). Any failure aborts the upload. */
  putUploadChunk(
    ctx: CallContext,
    uploadId: string,
    index: number,
    bytes: ArrayBuffer,
  ): Promise<{ received: number }>;
  /** Makes the object visible, replacing any previous one of that name, in one transaction. */
  completeUpload(ctx: CallContext, uploadId: string): Promise<StoredObject>;
  /** Drops an upload and everything it staged. */
  abortUpload(ctx: CallContext, uploadId: string): Promise<void>;
  /** Chunk `index` of an object, decrypted and verified. */
  getObjectChunk(
    ctx: CallContext,
    bucket: string,
    object: string,
    index: number,
  ): Promise<ArrayBuffer>;
  /** Deletes an object, unless the bucket's retention period still holds it. */
  deleteObject(ctx: CallContext, bucket: string, object: string): Promise<void>;
  /** The buckets a key protects, with object counts and sizes (ctx: the key's kms instance). */
  getProtectedBuckets(
    ctx: CallContext,
    keyIdOrAlias: string,
  ): Promise<{ buckets: ProtectedBucket[]; total: number }>;
}

export const STORAGE_API_METHODS = [
  'getStoragePermissions',
  'listBuckets',
  'getBucket',
  'createBucket',
  'deleteBucket',
  'listEncryptionKeys',
  'listObjects',
  'headObject',
  'beginUpload',
  'putUploadChunk',
  'completeUpload',
  'abortUpload',
  'getObjectChunk',
  'deleteObject',
  'getProtectedBuckets',
] as const satisfies readonly (keyof ObjectStorageApi)[];
