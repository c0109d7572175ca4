/**
 * The one typed interface between the console and the engine. Names and shapes follow the Key
 * Protect REST API. Every call carries the acting identity (`CallContext`); the engine checks it.
 * Nothing here knows about workers or IndexedDB, so another adapter (HTTP to a real service)
 * could implement the same interface.
 *
 * Each area declares its part (its methods and their request and result types) in its own
 * module; this one composes them into `KeywardApi` and `API_METHODS`, and re-exports the shared
 * request types so callers keep importing them from here.
 */
import { SESSION_API_METHODS, type SessionApi } from './session-api';
import { KEYS_API_METHODS, type KeysApi } from './keys-api';
import { WRAP_API_METHODS, type WrapApi } from './wrap-api';
import { KEY_RINGS_API_METHODS, type KeyRingsApi } from './key-rings-api';
import { POLICIES_API_METHODS, type PoliciesApi } from './policies-api';
import { IMPORT_TOKENS_API_METHODS, type ImportTokensApi } from './import-tokens-api';
import { EVENTS_API_METHODS, type EventsApi } from './events-api';
import { SEAL_API_METHODS, type SealApi } from './seal-api';
import { IAM_API_METHODS, type IamApi } from './iam-api';
import { STORAGE_API_METHODS, type ObjectStorageApi } from './storage-api';
import { HPCS_API_METHODS, type HpcsApi } from './hpcs-api';
import { INSIGHTS_API_METHODS, type InsightsApi } from './insights';
import { PRESENTER_API_METHODS, type PresenterApi } from './presenter';
import type { KeyVersionRef } from './types';

export type { BatchItem, CallContext, PageQuery } from './api-common';
export type { Session } from './session-api';
export {
  KEY_SORT_FIELDS,
  type CreateKeyRequest,
  type DeleteKeyOptions,
  type ImportEncryptionAlgorithm,
  type KeyList,
  type KeySortField,
  type ListKeysQuery,
  type ListRegistrationsQuery,
  type RotateKeyRequest,
} from './keys-api';
export type {
  BatchUnwrapItem,
  BatchWrapItem,
  RewrapResult,
  UnwrapRequest,
  UnwrapResult,
  WrapRequest,
  WrapResult,
} from './wrap-api';
export type { DeleteKeyRingOptions } from './key-rings-api';
export type { InstancePoliciesUpdate } from './policies-api';
export type {
  CreateImportTokenRequest,
  ImportToken,
  ImportTokenMetadata,
} from './import-tokens-api';
export type { EventList, ListEventsQuery } from './events-api';
export type {
  AccessCheck,
  AccessCheckAction,
  AccessCheckRequest,
  AddUserRequest,
  AuthorizationList,
  CreateAuthorizationRequest,
  CreateInstanceRequest,
  DeleteAuthorizationOptions,
  GrantAccessRequest,
  InstanceUsage,
} from './iam-api';
export type { KeyVersionRef };

/** The engine's whole API: every area's part. */
export interface KeywardApi
  extends
    SessionApi,
    KeysApi,
    WrapApi,
    KeyRingsApi,
    PoliciesApi,
    ImportTokensApi,
    EventsApi,
    SealApi,
    IamApi,
    ObjectStorageApi,
    HpcsApi,
    InsightsApi,
    PresenterApi {}

/**
 * Every method of `KeywardApi`, by name: the worker exposes exactly these and the client proxies
 * exactly these. The type check below fails if a method is added to the interface but not here.
 */
export const API_METHODS = [
  ...SESSION_API_METHODS,
  ...KEYS_API_METHODS,
  ...WRAP_API_METHODS,
  ...KEY_RINGS_API_METHODS,
  ...POLICIES_API_METHODS,
  ...IMPORT_TOKENS_API_METHODS,
  ...EVENTS_API_METHODS,
  ...SEAL_API_METHODS,
  ...IAM_API_METHODS,
  // Object storage (SPEC section 10)
  ...STORAGE_API_METHODS,
  // Hyper Protect Crypto Services (SPEC section 11)
  ...HPCS_API_METHODS,
  // Dashboard, last used, notifications (issue 11)
  ...INSIGHTS_API_METHODS,
  // Presenter kit and backup (issue 12)
  ...PRESENTER_API_METHODS,
] as const satisfies readonly (keyof KeywardApi)[];

/** The name of one API method. */
export type ApiMethod = (typeof API_METHODS)[number];

type Missing = Exclude<keyof KeywardApi, ApiMethod>;
const everyMethodListed: Missing extends never ? true : Missing = true;
void everyMethodListed;
