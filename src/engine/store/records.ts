/**
 * What the engine stores, one record type per object store. Times are epoch milliseconds; the
 * engine turns records into the API's resource shapes (ISO dates) on the way out.
 */
import type { StoredInstancePolicies } from '../../domain/instance-policies';
import type { KeyState } from '../../domain/key-state';
import type {
  Account,
  AccessPolicy,
  AuditEvent,
  RotationPolicy,
  ServiceAuthorization,
  ServiceInstance,
  User,
} from '../../domain/types';

export interface KeyRecord {
  id: string;
  instanceId: string;
  name: string;
  description?: string;
  /** Denormalized copy of the key's aliases; the `aliases` store keeps them unique. */
  aliases: string[];
  keyRingID: string;
  state: KeyState;
  extractable: boolean;
  imported: boolean;
  crn: string;
  creationDate: number;
  createdBy: string;
  lastUpdateDate: number;
  lastRotateDate?: number;
  expirationDate?: number;
  currentVersion: { id: string; number: number; creationDate: number };
  dualAuthEnabled: boolean;
  /** First step of a dual-authorization deletion: who and when. */
  deletionSetBy?: string;
  deletionSetAt?: number;
  lastDisabledAt?: number;
  deletionDate?: number;
  deletedBy?: string;
  /** Set only while Destroyed: when the key is purged automatically (indexed). */
  autoPurgeAt?: number;
  /** Rotation policy (generated root keys only); absent: none was ever set. */
  rotation?: RotationPolicy;
  /** Set only while the rotation policy is enabled: when it next rotates the key (indexed). */
  rotationDueAt?: number;
  /** When the services registered with the key were last notified (a lifecycle change or sync). */
  lastNotifiedAt?: number;
}

export interface KeyVersionRecord {
  keyId: string;
  number: number;
  id: string;
  creationDate: number;
  /** The material, enciphered under the instance master key (IV ‖ ciphertext ‖ tag). */
  material: Uint8Array<ArrayBuffer>;
}

export interface AliasRecord {
  instanceId: string;
  alias: string;
  keyId: string;
}

export interface KeyRingRecord {
  instanceId: string;
  id: string;
  creationDate: number;
  createdBy: string;
}

export interface RegistrationRecord {
  keyId: string;
  resourceCrn: string;
  keyVersionId: string;
  preventKeyDeletion: boolean;
  createdAt: number;
}

export interface MasterKeyRecord {
  instanceId: string;
  key: CryptoKey;
  createdAt: number;
}

export interface MetaValues {
  account: Account;
  clockOffsetMs: number;
  /** The newest audit event's place in the chain, written with it: truncation shows. */
  auditHead: { seq: number; hash: string };
  /** The engine's audit signing key (ECDSA P-256; the private key non-extractable). */
  auditSigningKey: { privateKey: CryptoKey; publicKeySpki: string };
  /** When last-use tracking began in this database (engine clock; issue 11). */
  usageTrackingSince: number;
  /** Engine time up to which key expirations are recorded as `kms.secrets.expire` events. */
  expiredThrough: number;
  /** The guided walkthrough in progress (issue 12): its steps count events after `afterSeq`. */
  walkthrough: WalkthroughRecord;
}

export interface WalkthroughRecord {
  id: string;
  afterSeq: number;
  startedAt: number;
  /** Ids the steps' links name (the scenario's key, bucket, instance). */
  subjects: Record<string, string>;
}

/**
 * An instance as stored: its policies are absent until first set (then defaults apply); records
 * from before issue 13 keep the old shape (read through `readInstancePolicies`).
 */
export interface ServiceInstanceRecord extends ServiceInstance {
  policies?: StoredInstancePolicies;
}

/** An instance's import token (one at a time): an RSA key pair and a nonce, for a while. */
export interface ImportTokenRecord {
  instanceId: string;
  creationDate: number;
  expirationDate: number;
  maxAllowedRetrievals: number;
  remainingRetrievals: number;
  createdBy: string;
  publicKeyPem: string;
  /**
   * Non-extractable RSA-OAEP private key; never leaves the engine. Absent once the token has
   * expired: the engine erases it then (SPEC 6), keeping only the metadata.
   */
  privateKey?: CryptoKey;
  /** hpcs instances: the same private key for RSA-OAEP with SHA-1, non-extractable; erased with it. */
  privateKeySha1?: CryptoKey;
  /** Random bytes handed out with the token; a secure import must encrypt them. */
  nonce: Uint8Array<ArrayBuffer>;
}

export type { AccessPolicy, AuditEvent, ServiceInstance, User };

// ── Object storage (SPEC section 10) ────────────────────────────────────────────────────────

export interface BucketRecord {
  name: string;
  /** The object storage instance that holds the bucket. */
  instanceId: string;
  crn: string;
  createdAt: number;
  createdBy: string;
  encryption:
    | { type: 'provider' }
    | { type: 'customer'; keyCrn: string; keyId: string; keyInstanceId: string };
  retentionDays?: number;
}

export interface ObjectRecord {
  bucket: string;
  name: string;
  /** A fresh UUID per stored version of the object; its chunks are keyed by it. */
  objectId: string;
  size: number;
  contentType: string;
  chunkSize: number;
  chunkCount: number;
  noncePrefix: Uint8Array<ArrayBuffer>;
  /** The DEK wrapped by the bucket's root key (or the provider key), AAD [bucket, name]. */
  wrappedDek: Uint8Array<ArrayBuffer>;
  /** Key version that wrapped the DEK. */
  keyVersionId: string;
  createdAt: number;
  createdBy: string;
  retainUntil?: number;
}

export interface ObjectChunkRecord {
  objectId: string;
  index: number;
  data: Uint8Array<ArrayBuffer>;
}

/** An upload in progress: its chunks are staged under `objectId` until it completes. */
export interface UploadRecord {
  uploadId: string;
  bucket: string;
  name: string;
  objectId: string;
  /** Real time (not the demo clock) of the last chunk: idle uploads are swept. */
  touchedAt: number;
}

/** Rewrap of a bucket's DEKs after a rotation; persisted so it resumes after a reload. */
export interface RewrapJobRecord {
  bucket: string;
  keyId: string;
  targetKeyVersionId: string;
  state: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  startedAt: number;
  finishedAt?: number;
  error?: string;
  /**
   * Which engine (tab) runs the job, until when (real time): renewed at every step, so two tabs
   * never both run it, and a job whose tab closed is taken over once the claim lapses.
   */
  claim?: { by: string; until: number };
}
/** A service authorization as stored (SPEC section 9). */
export type AuthorizationRecord = ServiceAuthorization;

// ── Hyper Protect Crypto Services (SPEC section 11; schema v4) ─────────────────────────────

/**
 * The crypto units of an hpcs instance. The operational units' current master key register is
 * the instance's `masterKeys` record (absent when empty); the new register and the recovery
 * unit's current register are held here, as non-extractable CryptoKeys. No part and no private
 * key is ever stored.
 */
export interface HpcsRecord {
  instanceId: string;
  /** The sequence number the next ceremony command must be signed with. */
  sequence: number;
  admins: {
    id: string;
    name: string;
    publicKey: Uint8Array<ArrayBuffer>;
    addedAt: number;
    addedBy: string;
  }[];
  signatureThreshold?: number;
  revocationThreshold?: number;
  newRegister?: {
    state: 'uncommitted' | 'committed';
    verificationPattern: string;
    key: CryptoKey;
    parts: { custodianId: string; custodianName: string; verificationPattern: string }[];
  };
  /** The operational units' current register's pattern (its key is in `masterKeys`). */
  currentVerificationPattern?: string;
  recovery?: { verificationPattern: string; key: CryptoKey };
  /** The master key the instance's keys are enciphered under: kept on zeroize, to recognise it. */
  keysVerificationPattern?: string;
  activeSince?: number;
  zeroizedAt?: number;
}

/** The last use of a key, overall and per version (issue 11); see `engine/insights/key-usage.ts`. */
export interface KeyUsageRecord {
  keyId: string;
  instanceId: string;
  last: KeyUseRecord;
  versions: Record<string, KeyUseRecord>;
}

export interface KeyUseRecord {
  time: number;
  action: 'wrap' | 'unwrap' | 'rewrap';
  userId: string;
  userName: string;
  eventId: string;
}

// ── Presenter checkpoints (issue 12; schema v6) ─────────────────────────────────────────────

export interface CheckpointRecord {
  id: string;
  name: string;
  createdAt: number;
  createdBy: string;
  summary: { keys: number; buckets: number; objects: number; events: number };
}

/**
 * A checkpoint's saved stores: every record of every account store, as structured clone keeps
 * them (CryptoKeys included: a checkpoint never leaves this browser profile).
 */
export interface CheckpointDataRecord {
  id: string;
  stores: Record<string, { keys: IDBValidKey[]; values: unknown[] }>;
}
