/**
 * The keys part of the engine's API (SPEC sections 3–8): create, list, read, aliases,
 * registrations, rotation and the lifecycle (disable, delete, restore, purge). Composed into
 * `KeywardApi` in api.ts; wrapping is in wrap-api.ts, rings in key-rings-api.ts.
 */
import type { BatchItem, CallContext, PageQuery } from './api-common';
import type { KeyState } from './key-state';
import type { KeyListFilter } from './insights';
import type { Key, KeyPolicies, KeyVersion, KeyWithPayload, Registration } from './types';

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

export interface DeleteKeyOptions {
  force?: boolean;
}

export interface KeysApi {
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
  /** Imported keys need new material (`req`); generated keys refuse it. */
  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key>;

  disableKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key>;
  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key>;
  deleteKey(ctx: CallContext, idOrAlias: string, options?: DeleteKeyOptions): Promise<Key>;
  restoreKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
  purgeKey(ctx: CallContext, idOrAlias: string): Promise<Key>;
}

export const KEYS_API_METHODS = [
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
  'createAlias',
  'deleteAlias',
  'rotate',
  'disableKey',
  'enableKey',
  'setKeyForDeletion',
  'unsetKeyForDeletion',
  'deleteKey',
  'restoreKey',
  'purgeKey',
] as const satisfies readonly (keyof KeysApi)[];
