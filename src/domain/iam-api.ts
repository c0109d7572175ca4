/**
 * The identity and access part of the engine's API (SPEC sections 1, 2 and 9): service
 * authorizations, service instances, users and access policies. Composed into `KeywardApi` in
 * api.ts.
 */
import type { CallContext } from './api-common';
import type { KeyAction, Role, ServiceRole } from './roles';
import type {
  AccessPolicy,
  InstanceKind,
  PolicyScope,
  Region,
  ServiceAuthorization,
  ServiceInstance,
  User,
} from './types';

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

export interface IamApi {
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

export const IAM_API_METHODS = [
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
] as const satisfies readonly (keyof IamApi)[];
