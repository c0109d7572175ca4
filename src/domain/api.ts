/**
 * The one typed interface between the console and the engine. Names and shapes follow the Key
 * Protect REST API. Every call carries the acting identity (`CallContext`); the engine checks it.
 * Nothing here knows about workers or IndexedDB, so another adapter (HTTP to a real service)
 * could implement the same interface.
 */
import type { ErrorCode } from './errors';
import type { KeyState } from './key-state';
import type { KeyAction, Role, ServiceRole } from './roles';
import { STORAGE_API_METHODS, type ObjectStorageApi } from './storage-api';
import { HPCS_API_METHODS, type HpcsApi } from './hpcs-api';
import { INSIGHTS_API_METHODS, type InsightsApi, type KeyListFilter } from './insights';
import { PRESENTER_API_METHODS, type PresenterApi } from './presenter';
import type { SealRequest, SealStatus } from './seal';
import type { InstancePolicyData } from './instance-policies';
import type {
  Account,
  AccessPolicy,
  AuditEvent,
  ChainVerification,
  EventsDigest,
  InstancePolicies,
  InstancePolicyType,
  Key,
  KeyPolicies,
  KeyRing,
  KeyVersion,
  KeyVersionRef,
  KeyWithPayload,
  Outcome,
  InstanceKind,
  Permissions,
  PolicyScope,
  Region,
  Registration,
  ServiceAuthorization,
  ServiceInstance,
  User,
} from './types';

export interface CallContext {
  /** The acting user (demo persona). */
  userId: string;
  /** The kms instance addressed (Key Protect's `Bluemix-Instance` header). */
  instanceId: string;
  /** Optional caller-supplied correlation id; the engine makes one when absent. */
  correlationId?: string;
}

export interface Session {
  account: Account;
  users: User[];
  instances: ServiceInstance[];
  policies: AccessPolicy[];
  /** The engine clock, ISO 8601. */
  now: string;
  /** How far the demo clock runs ahead of real time, in ms. */
  clockOffsetMs: number;
}

export interface CreateKeyRequest {
  name: string;
  description?: string;
  /** false: root key; true: standard key. */
  extractable: boolean;
  aliases?: string[];
  keyRingID?: string;
  expirationDate?: string;
  /**
   * Import (bring your own key): the key material, base64. Alone, a plain import; with
   * `encryptedNonce`, `iv` and `encryptionAlgorithm`, a secure import under the import token.
   */
  payload?: string;
  /** Secure import: the token's nonce, AES-GCM-encrypted under the key material (base64). */
  encryptedNonce?: string;
  /** Secure import: the 12-byte GCM IV used for `encryptedNonce` (base64). */
  iv?: string;
  /** Secure import: how `payload` is encrypted under the token's public key. */
  encryptionAlgorithm?: ImportEncryptionAlgorithm;
  /**
   * Key Protect's `keys_with_policy_overrides` (Manager): the key's rotation and dual-authorization
   * policies, set at creation instead of the instance's defaults.
   */
  policies?: Partial<KeyPolicies>;
}

/**
 * How a secure import's payload is encrypted under the token's public key: RSA-OAEP with SHA-256
 * (Key Protect), or with SHA-1 (Hyper Protect Crypto Services instances also accept it).
 */
export type ImportEncryptionAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1';

/** New material for rotating an imported root key (same two routes as import). */
export interface RotateKeyRequest {
  payload: string;
  encryptedNonce?: string;
  iv?: string;
  encryptionAlgorithm?: ImportEncryptionAlgorithm;
}

export interface CreateImportTokenRequest {
  /** Seconds the token stays valid: 300–86,400, default 600. */
  expiration?: number;
  /** How often the token may be read: 1–500, default 1. */
  maxAllowedRetrievals?: number;
}

/** An import token's metadata (never its keys). */
export interface ImportTokenMetadata {
  creationDate: string;
  expirationDate: string;
  maxAllowedRetrievals: number;
  remainingRetrievals: number;
}

/** A retrieved import token: the public key to encrypt material under, and the nonce. */
export interface ImportToken extends ImportTokenMetadata {
  /** The RSA public key, PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"). */
  payload: string;
  /** Random bytes, base64: encrypt them under the key material to prove the import is fresh. */
  nonce: string;
}

export const KEY_SORT_FIELDS = [
  'name',
  'state',
  'creationDate',
  'lastUpdateDate',
  'lastRotateDate',
  'expirationDate',
  'deletionDate',
] as const;
export type KeySortField = (typeof KEY_SORT_FIELDS)[number];

/**
 * Paging of versions, key rings and registrations (Key Protect's `limit`, `offset`; the answer's
 * `total` counts all). Without it, every item is returned (what the console relies on).
 */
export interface PageQuery {
  offset?: number;
  limit?: number;
}

/** Registrations across every key of the instance (Key Protect's `GET /keys/registrations`). */
export interface ListRegistrationsQuery extends PageQuery {
  /** A resource CRN, `*` matching any run of characters (Key Protect's URL-encoded CRN query). */
  crnQuery?: string;
  /** Only registrations that do (true) or do not (false) prevent the key's deletion. */
  preventKeyDeletion?: boolean;
}

export interface ListKeysQuery extends KeyListFilter {
  offset?: number;
  limit?: number;
  /** States to include; default Active, Suspended, Deactivated (Destroyed hidden unless asked). */
  state?: KeyState[];
  extractable?: boolean;
  keyRingID?: string;
  /**
   * Sort fields, comma-separated, each `-`-prefixed for descending (Key Protect's: id, state,
   * extractable, imported and the dates; plus name). Default `id`.
   */
  sort?: string;
  /** SPEC search syntax: `name:`, `alias:`, `exact:`, `not:`, `escape:` prefixes. */
  search?: string;
  /**
   * Key Protect's `filter` expressions, space-separated (`creationDate=gte:"2026-01-01T00:00:00Z"`,
   * `lastRotateDate=none`, `state=1,2`, `extractable=true`; at most 3 per property).
   */
  filter?: string;
}

export interface KeyList {
  keys: Key[];
  total: number;
  offset: number;
  limit: number;
}

/**
 * One item's outcome in a batch call (Keyward addition, after Vault's `batch_results`): its
 * result, or the error that call alone would have raised.
 */
export type BatchItem<T> =
  | { ok: true; value: T }
  | { ok: false; error: { status: number; code: ErrorCode; message: string } };

export interface WrapRequest {
  /** base64; when absent the engine generates a 32-byte DEK and returns it. */
  plaintext?: string;
  aad?: string[];
}

/** A batch wrap item: the key it names (id or alias) and its own wrap request. */
export interface BatchWrapItem extends WrapRequest {
  keyId: string;
}

/** A batch unwrap or rewrap item: the key it names (id or alias) and its own request. */
export interface BatchUnwrapItem extends UnwrapRequest {
  keyId: string;
}

export interface WrapResult {
  ciphertext: string;
  keyVersion: { id: string };
  /** Present only when the engine generated the DEK. */
  plaintext?: string;
}

export interface UnwrapRequest {
  ciphertext: string;
  aad?: string[];
}

export interface UnwrapResult {
  plaintext: string;
  keyVersion: { id: string };
  /** Present when the ciphertext was made under an older version: the same DEK, rewrapped. */
  ciphertext?: string;
  rewrappedKeyVersion?: { id: string };
}

export interface RewrapResult {
  ciphertext: string;
  keyVersion: { id: string };
  rewrappedKeyVersion: { id: string };
}

export interface DeleteKeyOptions {
  force?: boolean;
}

export interface ListEventsQuery {
  offset?: number;
  limit?: number;
  action?: string;
  initiatorId?: string;
  /** A key id or a CRN. */
  target?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
  /**
   * Free text: a case-insensitive substring of the action, the initiator's name or id, the
   * target's CRN or key id, the outcome or the reason code.
   */
  search?: string;
  /** Newest first unless false. */
  newestFirst?: boolean;
  /**
   * False leaves out routine reads (domain/routine-reads.ts: successful list and metadata reads);
   * `total` then counts the rest, and `routineReadsHidden` how many were left out.
   */
  routineReads?: boolean;
}

export interface EventList {
  events: AuditEvent[];
  /** Every event matching the query (all pages). */
  total: number;
  /** With `routineReads: false`: the routine reads that matched the other filters, left out. */
  routineReadsHidden?: number;
  /**
   * Names of the keys this page's events aim at (key id → name), for the keys the instance still
   * holds; a purged key has none.
   */
  keyNames?: Record<string, string>;
}

export interface DeleteKeyRingOptions {
  /** Move the ring's keys (all Destroyed) to `default` so the ring can go. */
  force?: boolean;
}

/** A service authorization to create (SPEC section 9). Give at most one of keyRingID and keyId. */
export interface CreateAuthorizationRequest {
  /** The object-storage (cos) instance that will use the keys. */
  sourceInstanceId: string;
  /** The kms or hpcs instance whose keys it may use. */
  targetInstanceId: string;
  /** Only the keys of this ring of the target. */
  keyRingID?: string;
  /** Only this key (id or alias) of the target. */
  keyId?: string;
  role: 'Reader';
}

export interface AuthorizationList {
  authorizations: ServiceAuthorization[];
  total: number;
  /** Per authorization id: the buckets that would lose access to their key without it. */
  dependents: Record<string, string[]>;
}

export interface DeleteAuthorizationOptions {
  /** Delete even though buckets depend on it (they lose access to their key). */
  force?: boolean;
}

/** A service instance to create (SPEC section 1). */
export interface CreateInstanceRequest {
  kind: InstanceKind;
  name: string;
  region: Region;
}

/** What lives in an instance: the Resources page's counts. */
export interface InstanceUsage {
  /** Keys that are not Deleted (these keep the instance from being deleted). */
  activeKeys: number;
  /** Deleted keys not yet purged. */
  deletedKeys: number;
  keyRings: number;
  /** Buckets and other resources the object-storage area reports. */
  resources: string[];
  /** Service authorizations naming the instance as source or target. */
  authorizations: number;
  /** Access policies scoped to the instance (or a ring or key in it). */
  policies: number;
}

export interface AddUserRequest {
  name: string;
  email: string;
}

/** An access policy to grant: a service role on an instance, ring or key; or Administrator. */
export interface GrantAccessRequest {
  userId: string;
  role: Role;
  /** Service roles: `instanceId`, optionally one of `keyRingID`, `keyId`. Administrator: `{}`. */
  scope: PolicyScope;
}

/** "What can this user do?": a user and a scope (an instance, a ring in it, or one key). */
export interface AccessCheckRequest {
  userId: string;
  instanceId: string;
  keyRingID?: string;
  /** A key id or alias. */
  keyId?: string;
}

export interface AccessCheckAction {
  action: KeyAction;
  label: string;
  allowed: boolean;
  /** The policies that allow it (empty when denied). */
  decidedBy: AccessPolicy[];
  /** When denied: the least role that would allow it. */
  needs?: ServiceRole;
  /** Why, in words: the allowing policy, or the denial message the engine would give. */
  reason: string;
}

export interface AccessCheck {
  user: User;
  /** The scope checked, with a key's ring filled in. */
  target: { instanceId: string; keyRingID?: string; keyId?: string };
  /** Service roles the user holds there, through any covering policy. */
  roles: ServiceRole[];
  administrator: boolean;
  actions: AccessCheckAction[];
}

export interface KeywardApi extends ObjectStorageApi, HpcsApi, InsightsApi, PresenterApi {
  /** Who is here: account, users, instances, policies and the clock. Console metadata, not audited. */
  getSession(): Promise<Session>;
  /**
   * What the acting user may do on one key, or (without a key) somewhere in the instance: on it or
   * on some ring or key in it. Not audited.
   */
  getPermissions(ctx: CallContext, keyIdOrAlias?: string): Promise<Permissions>;
  /** What the acting user may do on each of these keys (unknown ids are left out). Not audited. */
  getKeyPermissions(ctx: CallContext, keyIds: string[]): Promise<Record<string, Permissions>>;
  /** Demo clock: move time forward. */
  advanceTime(ctx: CallContext, ms: number): Promise<{ now: string; clockOffsetMs: number }>;

  createKey(ctx: CallContext, req: CreateKeyRequest): Promise<Key>;
  /**
   * Up to 1,000 creations in one call (Keyward addition): each checked and audited as its own
   * createKey, one result or error per item, in order, stored in one transaction.
   */
  createKeys(ctx: CallContext, requests: CreateKeyRequest[]): Promise<BatchItem<Key>[]>;
  listKeys(ctx: CallContext, query?: ListKeysQuery): Promise<KeyList>;
  /** Key Protect's `HEAD /keys`: how many keys the query matches (its `Key-Total`), no keys. */
  headKeys(ctx: CallContext, query?: ListKeysQuery): Promise<{ total: number }>;
  /** Key with payload (standard keys, ReaderPlus and above). */
  getKey(ctx: CallContext, idOrAlias: string): Promise<KeyWithPayload>;
  getKeyMetadata(ctx: CallContext, idOrAlias: string): Promise<Key>;
  getKeyVersions(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ versions: KeyVersion[]; total: number }>;
  /** The instance's key rings (`default` always exists). */
  listKeyRings(ctx: CallContext, page?: PageQuery): Promise<{ keyRings: KeyRing[]; total: number }>;
  /** The resources a key protects (SPEC section 8), as the console's "Associated resources". */
  getRegistrations(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ registrations: Registration[]; total: number }>;
  /**
   * Every registration of the instance's keys the acting user may read (Key Protect's
   * `GET /keys/registrations`), filtered by CRN (with `*` wildcards) and preventKeyDeletion.
   */
  listRegistrations(
    ctx: CallContext,
    query?: ListRegistrationsQuery,
  ): Promise<{ registrations: Registration[]; total: number }>;
  /**
   * Key Protect's sync (`POST /keys/{id}/actions/sync`): notifies the services registered with
   * the key again. Writer. Refused with 409 REQ_TOO_EARLY_ERR within an hour of the last
   * notification (a lifecycle change or a sync).
   */
  syncAssociatedResources(ctx: CallContext, idOrAlias: string): Promise<void>;
  createAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key>;
  deleteAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key>;

  wrap(ctx: CallContext, idOrAlias: string, req?: WrapRequest): Promise<WrapResult>;
  unwrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<UnwrapResult>;
  rewrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<RewrapResult>;
  /**
   * Batch wrap, unwrap and rewrap (SPEC section 5, a Keyward addition after Vault's batch_input):
   * up to 1,000 items, each naming its key, each checked as its own call; one result or error
   * per item, in order; the call is one event listing every item's key, version and outcome.
   */
  wrapBatch(ctx: CallContext, items: BatchWrapItem[]): Promise<BatchItem<WrapResult>[]>;
  unwrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<UnwrapResult>[]>;
  rewrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<RewrapResult>[]>;
  /** Imported keys need new material (`req`); generated keys refuse it. */
  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key>;

  disableKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key>;
  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key>;
  deleteKey(ctx: CallContext, idOrAlias: string, options?: DeleteKeyOptions): Promise<Key>;
  restoreKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  purgeKey(ctx: CallContext, idOrAlias: string): Promise<Key>;

  getKeyPolicies(ctx: CallContext, idOrAlias: string): Promise<KeyPolicies>;
  putKeyPolicies(
    ctx: CallContext,
    idOrAlias: string,
    policies: Partial<KeyPolicies>,
  ): Promise<KeyPolicies>;

  listEvents(ctx: CallContext, query?: ListEventsQuery): Promise<EventList>;
  /**
   * Verifies the audit chain, and against each signed digest given that the history up to its
   * head is unchanged (SPEC section 12).
   */
  verifyEvents(ctx: CallContext, digests?: EventsDigest[]): Promise<ChainVerification>;
  /** A signed digest of the audit chain's head, for an auditor to keep (SPEC section 12). */
  getEventsDigest(ctx: CallContext): Promise<EventsDigest>;

  /** The account seal (issue 14): whether it is on, and whether this engine is sealed. */
  getSealStatus(ctx: CallContext): Promise<SealStatus>;
  /** Administrator: puts the seal on with a passphrase, or (on) seals every tab now. */
  sealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus>;
  /** Administrator: unseals this engine with the passphrase. */
  unsealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus>;
  /** Administrator: takes the seal off (needs the passphrase). */
  removeSeal(ctx: CallContext, req: SealRequest): Promise<SealStatus>;

  /** Makes the instance's import token (an RSA-4096 key pair), replacing any earlier one. */
  createImportToken(ctx: CallContext, req?: CreateImportTokenRequest): Promise<ImportTokenMetadata>;
  /** Reads the import token (public key and nonce); each read uses one retrieval. */
  getImportToken(ctx: CallContext): Promise<ImportToken>;
  /** The instance's policies (defaults where never set). */
  getInstancePolicies(ctx: CallContext): Promise<InstancePolicies>;
  /** Replaces the policies named (each whole, as Key Protect does); the rest stay. Manager. */
  putInstancePolicies(
    ctx: CallContext,
    policies: InstancePoliciesUpdate,
  ): Promise<InstancePolicies>;

  // Key rings (issue 4)
  /** Creates a key ring (ids 2–100 of `[A-Za-z0-9-]`, unique, at most 50 per instance). Writer. */
  createKeyRing(ctx: CallContext, keyRingID: string): Promise<KeyRing>;
  /**
   * Deletes a key ring whose keys are all Destroyed (`force` moves those to `default`); `default`
   * is never deleted. Manager.
   */
  deleteKeyRing(ctx: CallContext, keyRingID: string, options?: DeleteKeyRingOptions): Promise<void>;
  /** Moves a key to another ring. Manager on both rings. */
  setKeyRing(ctx: CallContext, idOrAlias: string, keyRingID: string): Promise<Key>;

  // Service authorizations (SPEC section 9). Administrator only; audited as `iam.authorization.*`.
  /** Lets a cos instance use a kms/hpcs instance's keys (all, one ring's or one key's) as Reader. */
  createAuthorization(
    ctx: CallContext,
    req: CreateAuthorizationRequest,
  ): Promise<ServiceAuthorization>;
  /** Every authorization, oldest first, with the buckets that depend on each (by name). */
  listAuthorizations(ctx: CallContext): Promise<AuthorizationList>;
  /**
   * Removes an authorization. Where buckets depend on it, refused with 409 PROTECTED_RESOURCE_ERR
   * listing them (in `reasons`) unless `force`.
   */
  deleteAuthorization(
    ctx: CallContext,
    id: string,
    options?: DeleteAuthorizationOptions,
  ): Promise<void>;

  // Service instances, users and access policies (SPEC sections 1, 2). Changes are Administrator
  // only and audited as `iam.instance.*`, `iam.user.*`, `iam.policy.*`.
  /** Creates a kms, hpcs or cos instance. kms instances get a master key and a `default` ring. */
  createInstance(ctx: CallContext, req: CreateInstanceRequest): Promise<ServiceInstance>;
  renameInstance(ctx: CallContext, instanceId: string, name: string): Promise<ServiceInstance>;
  /**
   * Deletes an instance with its Deleted keys, rings, policies and authorizations. Refused with
   * 409 INSTANCE_NOT_EMPTY_ERR while it holds keys that are not Deleted, or buckets.
   */
  deleteInstance(ctx: CallContext, instanceId: string): Promise<void>;
  /** What each instance holds (Administrator). */
  getInstanceUsage(ctx: CallContext): Promise<Record<string, InstanceUsage>>;
  addUser(ctx: CallContext, req: AddUserRequest): Promise<User>;
  /** Removes a user and every policy they hold. The last Administrator cannot be removed. */
  removeUser(ctx: CallContext, userId: string): Promise<void>;
  grantAccess(ctx: CallContext, req: GrantAccessRequest): Promise<AccessPolicy>;
  /** Revokes one policy. The last Administrator policy cannot be revoked. */
  revokeAccess(ctx: CallContext, policyId: string): Promise<void>;
  /** Every action of SPEC section 2 for a user at a scope: allowed or not, and which policy decides. */
  checkAccess(ctx: CallContext, req: AccessCheckRequest): Promise<AccessCheck>;
}

/**
 * A PUT of instance policies, Key Protect's way: each policy named is replaced whole (`enabled`
 * and its attributes; see domain/instance-policies.ts), the others stay as they are.
 */
export type InstancePoliciesUpdate = Partial<Record<InstancePolicyType, InstancePolicyData>>;

export type { KeyVersionRef };

/**
 * Every method of `KeywardApi`, by name: the worker exposes exactly these and the client proxies
 * exactly these. The type check below fails if a method is added to the interface but not here.
 */
export const API_METHODS = [
  'getSession',
  'getPermissions',
  'getKeyPermissions',
  'advanceTime',
  'createKey',
  'createKeys',
  'listKeys',
  'headKeys',
  'getKey',
  'getKeyMetadata',
  'getKeyVersions',
  'getRegistrations',
  'listRegistrations',
  'syncAssociatedResources',
  'listKeyRings',
  'createAlias',
  'deleteAlias',
  'wrap',
  'unwrap',
  'rewrap',
  'wrapBatch',
  'unwrapBatch',
  'rewrapBatch',
  'rotate',
  'disableKey',
  'enableKey',
  'setKeyForDeletion',
  'unsetKeyForDeletion',
  'deleteKey',
  'restoreKey',
  'purgeKey',
  'getKeyPolicies',
  'putKeyPolicies',
  'listEvents',
  'verifyEvents',
  'getEventsDigest',
  'getSealStatus',
  'sealAccount',
  'unsealAccount',
  'removeSeal',
  'createImportToken',
  'getImportToken',
  'getInstancePolicies',
  'putInstancePolicies',
  // Key rings (issue 4)
  'createKeyRing',
  'deleteKeyRing',
  'setKeyRing',
  // Service authorizations
  'createAuthorization',
  'listAuthorizations',
  'deleteAuthorization',
  // Instances, users, access policies
  'createInstance',
  'renameInstance',
  'deleteInstance',
  'getInstanceUsage',
  'addUser',
  'removeUser',
  'grantAccess',
  'revokeAccess',
  'checkAccess',
  // Object storage (SPEC section 10)
  ...STORAGE_API_METHODS,
  // Hyper Protect Crypto Services (SPEC section 11)
  ...HPCS_API_METHODS,
  // Dashboard, last used, notifications (issue 11)
  ...INSIGHTS_API_METHODS,
  // Presenter kit and backup (issue 12)
  ...PRESENTER_API_METHODS,
] as const satisfies readonly (keyof KeywardApi)[];

type Missing = Exclude<keyof KeywardApi, (typeof API_METHODS)[number]>;
const everyMethodListed: Missing extends never ? true : Missing = true;
void everyMethodListed;
