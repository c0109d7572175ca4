/**
 * Resource shapes the engine returns, following the Key Protect REST API. Dates are ISO 8601
 * strings, as on the wire.
 */
import type { KeyState } from './key-state';
import type { KeyAction, Role, ServiceRole } from './roles';

export type InstanceKind = 'kms' | 'hpcs' | 'cos';
export const REGIONS = [
  'us-south',
  'us-east',
  'eu-gb',
  'eu-de',
  'au-syd',
  'jp-tok',
  'jp-osa',
  'ca-tor',
] as const;
export type Region = (typeof REGIONS)[number];

export interface Account {
  id: string;
  name: string;
  createdAt: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
}

export interface ServiceInstance {
  id: string; // the GUID
  kind: InstanceKind;
  name: string;
  region: Region;
  crn: string;
  createdAt: string;
}

/** Where a policy applies: a whole instance, one key ring in it, or one key. */
export interface PolicyScope {
  instanceId?: string; // absent: account-wide (platform roles)
  keyRingID?: string;
  keyId?: string;
}

export interface AccessPolicy {
  id: string;
  userId: string;
  role: Role;
  scope: PolicyScope;
  createdAt: string;
}

export interface KeyVersionRef {
  id: string;
  creationDate: string;
}

export interface DualAuthDelete {
  enabled: boolean;
  keySetForDeletion: boolean;
  authExpiration?: string;
  /** Who scheduled the deletion (first of the two users). */
  setBy?: string;
}

export interface Key {
  id: string;
  instanceId: string;
  name: string;
  description?: string;
  aliases: string[];
  keyRingID: string;
  state: KeyState;
  extractable: boolean;
  imported: boolean;
  crn: string;
  creationDate: string;
  createdBy: string;
  lastUpdateDate: string;
  lastRotateDate?: string;
  expirationDate?: string;
  keyVersion: KeyVersionRef;
  dualAuthDelete: DualAuthDelete;
  deleted: boolean;
  deletionDate?: string;
  deletedBy?: string;
  restoreAllowed: boolean;
  restoreExpirationDate?: string;
  purgeAllowed: boolean;
  purgeAllowedFrom?: string;
  purgeScheduledOn?: string;
  /** When the key's rotation policy rotates it next (engine clock); absent without a policy. */
  nextRotationDate?: string;
}

/** A key with its payload: only standard keys, only for ReaderPlus and above. */
export interface KeyWithPayload extends Key {
  payload?: string;
}

export interface KeyVersion extends KeyVersionRef {
  /** 1 for the first version, counting up with each rotation. */
  number: number;
  current: boolean;
}

export interface KeyRing {
  id: string;
  creationDate: string;
  createdBy: string;
  /** Keys in the ring, in any state until purged. */
  keyCount: number;
  /** Of those, the Destroyed (deleted) ones: a ring can be deleted when this equals keyCount. */
  deletedKeyCount: number;
}

/** A key's rotation policy (generated root keys only): rotate every `interval_month` months. */
export interface RotationPolicy {
  enabled: boolean;
  /** 1–12. */
  interval_month: number;
}

export interface KeyPolicies {
  dualAuthDelete: { enabled: boolean };
  /** Present for keys a rotation policy can apply to (generated root keys). */
  rotation?: RotationPolicy;
}

/** Who may create and import which keys in an instance (SPEC section 7). */
export interface KeyCreateImportAccess {
  create_root_key: boolean;
  create_standard_key: boolean;
  import_root_key: boolean;
  import_standard_key: boolean;
  /** Plain (token-less) import is refused while this is on. */
  enforce_token: boolean;
}

/** Who set an instance policy first and last, and when (absent until it is first set). */
export interface InstancePolicyStamp {
  createdBy?: string;
  creationDate?: string;
  updatedBy?: string;
  lastUpdated?: string;
}

/** Key Protect's allowedNetwork values: the default, and private endpoints only. */
export const ALLOWED_NETWORKS = ['public-and-private', 'private-only'] as const;
export type AllowedNetwork = (typeof ALLOWED_NETWORKS)[number];

/**
 * An instance's policies, each as Key Protect shapes it (`policy_data`): `enabled` and, for the
 * policies that have them, `attributes` (their defaults while the policy is disabled: Key
 * Protect resets a disabled policy's attributes). `dualAuthDelete` and `rotation` are the
 * defaults each key created afterwards takes; `keyCreateImportAccess`, while enabled, is checked
 * on every create and import. `allowedNetwork`, `allowedIP` and `metrics` are stored and shown
 * but not enforced: a page in a browser has no network to restrict and sends no metrics.
 */
export interface InstancePolicies {
  dualAuthDelete: { enabled: boolean } & InstancePolicyStamp;
  rotation: { enabled: boolean; attributes: { interval_month: number } } & InstancePolicyStamp;
  keyCreateImportAccess: {
    enabled: boolean;
    attributes: KeyCreateImportAccess;
  } & InstancePolicyStamp;
  allowedNetwork: {
    enabled: boolean;
    attributes: { allowed_network: AllowedNetwork };
  } & InstancePolicyStamp;
  allowedIP: { enabled: boolean; attributes: { allowed_ip: string[] } } & InstancePolicyStamp;
  metrics: { enabled: boolean } & InstancePolicyStamp;
}

export type InstancePolicyType = keyof InstancePolicies;

/** Key Protect's instance policy types, in the order its list answers them. */
export const INSTANCE_POLICY_TYPES: readonly InstancePolicyType[] = [
  'dualAuthDelete',
  'allowedNetwork',
  'allowedIP',
  'keyCreateImportAccess',
  'metrics',
  'rotation',
];

/** Key create and import access as Key Protect defaults each attribute. */
export const DEFAULT_KEY_CREATE_IMPORT_ACCESS: KeyCreateImportAccess = {
  create_root_key: true,
  create_standard_key: true,
  import_root_key: true,
  import_standard_key: true,
  enforce_token: false,
};

/** What an instance without stored policies has: everything allowed, no defaults imposed. */
export const DEFAULT_INSTANCE_POLICIES: InstancePolicies = {
  dualAuthDelete: { enabled: false },
  rotation: { enabled: false, attributes: { interval_month: 1 } },
  keyCreateImportAccess: { enabled: false, attributes: DEFAULT_KEY_CREATE_IMPORT_ACCESS },
  allowedNetwork: { enabled: false, attributes: { allowed_network: 'public-and-private' } },
  allowedIP: { enabled: false, attributes: { allowed_ip: [] } },
  metrics: { enabled: false },
};

export interface Registration {
  keyId: string;
  resourceCrn: string;
  keyVersionId: string;
  preventKeyDeletion: boolean;
  createdAt: string;
  // The fields Key Protect's registrations carry besides (issue 13).
  keyName?: string;
  /** The service that registered the resource (the service named in its CRN). */
  createdBy?: string;
  updatedBy?: string;
  lastUpdated?: string;
  description?: string;
  /** The key version the resource uses, with its creation date. */
  keyVersion?: { id: string; creationDate?: string };
}

export type Outcome = 'success' | 'failure';

export interface AuditEvent {
  seq: number;
  id: string;
  time: string;
  action: string;
  initiator: { id: string; name: string; roles: Role[] };
  target: { crn: string; keyId?: string; instanceId?: string };
  outcome: Outcome;
  reason?: { status: number; code: string; message: string };
  correlationId: string;
  /**
   * A batch call's items, in order (wrap, unwrap, rewrap of up to 1,000 items; SPEC section 5):
   * each item's key, the key version it used and its outcome. Absent on every other event (and on
   * every event written before batches existed, whose hashes stay as they were).
   */
  items?: AuditEventItem[];
  prevHash: string;
  hash: string;
}

export interface AuditEventItem {
  /** The key the item named (its id, or what the caller gave when no such key was found). */
  keyId: string;
  keyVersion?: string;
  outcome: Outcome;
  /** The error code of a refused item. */
  code?: string;
}

export interface ChainVerification {
  ok: boolean;
  verified: number;
  /** The first event whose link does not hold, when `ok` is false. */
  brokenAt?: { seq: number; id: string; problem: string };
  /** Per digest given to verify against, in order: whether the chain still matches it. */
  digests?: { seq: number; time: string; ok: boolean; problem?: string }[];
}

/**
 * A signed digest of the audit chain's head (SPEC section 12), as an auditor downloads it: the
 * newest event's place and hash, signed by the engine's non-extractable ECDSA P-256 key. Verify
 * offline as docs/audit-digest.md shows.
 */
export interface EventsDigest {
  format: 'keyward-audit-digest';
  version: 1;
  accountId: string;
  /** The newest event's sequence number and hash when the digest was made. */
  seq: number;
  hash: string;
  time: string;
  /** The engine's public key, SPKI, base64. */
  publicKey: string;
  /** ECDSA P-256 / SHA-256 over `digestSignedText(…)`, IEEE P1363 (r‖s), base64. */
  signature: string;
}

/** The exact text a digest's signature covers. */
export function digestSignedText(d: Omit<EventsDigest, 'signature' | 'publicKey'>): string {
  return JSON.stringify([d.format, d.version, d.accountId, d.seq, d.hash, d.time]);
}

export interface Permission {
  allowed: boolean;
  /** When denied: the least role that would allow it. */
  needs?: ServiceRole;
  reason?: string;
}

export type Permissions = Record<KeyAction, Permission>;

// --- Access management and service authorizations (SPEC sections 1, 2, 9) -----------------------

/**
 * A service authorization (SPEC section 9): a source object-storage instance may use the keys of a
 * target kms or hpcs instance — all of them, one key ring's, or one key's — with role Reader.
 */
export interface ServiceAuthorization {
  id: string;
  sourceInstanceId: string;
  targetInstanceId: string;
  /** Only keys of this ring (absent: every key of the target, unless `keyId` narrows it). */
  keyRingID?: string;
  /** Only this key. */
  keyId?: string;
  role: 'Reader';
  crn: string;
  /** The user id of the Administrator who created it. */
  createdBy: string;
  createdAt: string;
}
