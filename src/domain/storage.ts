/**
 * Object storage rules of SPEC.md section 10 as pure data: bucket and object names, retention,
 * the resource shapes the engine returns, and what a key's state lets a bucket do.
 */
import { KeyState } from './key-state';
import { controlCharacterProblem } from './validation';

export const BUCKET_LIMITS = {
  nameMin: 3,
  nameMax: 63,
  objectNameMax: 1024,
  retentionDaysMax: 36500,
  /** Largest object accepted by one upload (5 GiB, as one S3 PUT). */
  objectSizeMax: 5 * 1024 * 1024 * 1024,
} as const;

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/** The problem with a bucket name, or undefined when it is valid. */
export function bucketNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a bucket name is required';
  if (name.length < BUCKET_LIMITS.nameMin || name.length > BUCKET_LIMITS.nameMax)
    return `use ${BUCKET_LIMITS.nameMin}–${BUCKET_LIMITS.nameMax} characters (this has ${name.length})`;
  if (/[A-Z]/.test(name)) return 'use lowercase letters only';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'use only lowercase letters, digits, "-" and "."';
  if (!BUCKET_RE.test(name)) return 'start and end with a letter or digit';
  return undefined;
}

export function objectNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'an object name is required';
  if (name.length > BUCKET_LIMITS.objectNameMax)
    return `use at most ${BUCKET_LIMITS.objectNameMax} characters (this has ${name.length})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters are not allowed';
  return controlCharacterProblem(name);
}

export function retentionProblem(days: unknown): string | undefined {
  if (days === undefined) return undefined;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
    return 'give a whole number of days, at least 1';
  if (days > BUCKET_LIMITS.retentionDaysMax)
    return `at most ${BUCKET_LIMITS.retentionDaysMax} days`;
  return undefined;
}

/** What a bucket may do under its key's state (SPEC section 10); purged keys allow nothing. */
export interface BucketAccess {
  read: boolean;
  write: boolean;
}

export function bucketAccessFor(state: KeyState | 'purged'): BucketAccess {
  switch (state) {
    case KeyState.Active:
      return { read: true, write: true };
    case KeyState.Deactivated:
      return { read: true, write: false };
    default:
      return { read: false, write: false };
  }
}

export type BucketEncryption =
  | { type: 'provider' }
  | {
      type: 'customer';
      keyCrn: string;
      keyId: string;
      keyInstanceId: string;
    };

/** The protecting key as the storage service sees it through its authorization. */
export interface BucketKeyStatus {
  /** False when the key was purged or the authorization no longer allows its use. */
  reachable: boolean;
  name?: string;
  state?: KeyState;
  keyVersionId?: string;
  /** The key's Hyper Protect master key is not loaded (zeroized): the bucket is shredded. */
  masterKeyMissing?: boolean;
  /** Why the bucket cannot be read or written, in words for people; absent when it can. */
  problem?: string;
}

export interface RewrapProgress {
  state: 'running' | 'done' | 'failed';
  targetKeyVersionId: string;
  total: number;
  done: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export interface Bucket {
  name: string;
  crn: string;
  instanceId: string;
  createdAt: string;
  createdBy: string;
  encryption: BucketEncryption;
  retentionDays?: number;
  objectCount: number;
  size: number;
  access: BucketAccess;
  key?: BucketKeyStatus;
  /** The rewrap of the bucket's DEKs after the key's latest rotation. */
  rewrap?: RewrapProgress;
}

export interface StoredObject {
  bucket: string;
  name: string;
  size: number;
  contentType: string;
  chunkSize: number;
  chunkCount: number;
  createdAt: string;
  createdBy: string;
  /** Key version the object's DEK is wrapped under (customer-managed buckets). */
  keyVersionId?: string;
  retainUntil?: string;
}

export interface CreateBucketRequest {
  name: string;
  /** Provider-managed (default) or customer-managed with a root key's CRN. */
  encryption?: { type: 'provider' } | { type: 'customer'; keyCrn: string };
  retentionDays?: number;
}

/** A root key the storage instance is authorized to use, for the create-bucket key picker. */
export interface EncryptionKeyChoice {
  keyCrn: string;
  keyId: string;
  name: string;
  /** The key's aliases (Cloud Object Storage's steps pick a root key by its alias). */
  aliases: string[];
  state: KeyState;
  instanceId: string;
  instanceName: string;
}

export interface UploadTicket {
  uploadId: string;
  chunkSize: number;
  chunkCount: number;
}

export interface StoragePermission {
  allowed: boolean;
  reason?: string;
}

export interface StoragePermissions {
  read: StoragePermission;
  write: StoragePermission;
  manage: StoragePermission;
}

/** A bucket a key protects, for the key page's blast radius. */
export interface ProtectedBucket {
  name: string;
  crn: string;
  objectCount: number;
  size: number;
  retentionDays?: number;
}
