/**
 * Effective permissions, computed in one place: which service roles a user holds on a target
 * (instance, key ring, key) through access policies whose scope covers it, and whether those
 * roles allow an action of SPEC.md section 2.
 */
import { denied, EngineError } from '../../domain/errors';
import {
  ACTION_LABELS,
  leastRoleFor,
  PERMISSIONS,
  type KeyAction,
  type ServiceRole,
} from '../../domain/roles';
import type { AccessPolicy, Permissions, PolicyScope, User } from '../../domain/types';

/** What an action is aimed at: an instance, optionally one ring and one key in it. */
export interface AccessTarget {
  instanceId: string;
  keyRingID?: string;
  keyId?: string;
}

export function covers(scope: PolicyScope, target: AccessTarget): boolean {
  if (scope.instanceId !== target.instanceId) return false;
  if (scope.keyRingID !== undefined && scope.keyRingID !== target.keyRingID) return false;
  if (scope.keyId !== undefined && scope.keyId !== target.keyId) return false;
  return true;
}

export function serviceRolesAt(
  policies: readonly AccessPolicy[],
  target: AccessTarget,
): Set<ServiceRole> {
  const roles = new Set<ServiceRole>();
  for (const p of policies)
    if (p.role !== 'Administrator' && covers(p.scope, target)) roles.add(p.role);
  return roles;
}

export function isAdministrator(policies: readonly AccessPolicy[]): boolean {
  return policies.some((p) => p.role === 'Administrator');
}

export function allows(
  policies: readonly AccessPolicy[],
  target: AccessTarget,
  action: KeyAction,
): boolean {
  const roles = serviceRolesAt(policies, target);
  return PERMISSIONS[action].some((r) => roles.has(r));
}

/** Whether the user holds any role anywhere in the instance (any ring, any key). */
export function hasAnyRoleIn(policies: readonly AccessPolicy[], instanceId: string): boolean {
  return policies.some((p) => p.scope.instanceId === instanceId);
}

/** Whether some policy of the user, on the instance or on any ring or key in it, allows `action`. */
export function allowsAnywhereIn(
  policies: readonly AccessPolicy[],
  instanceId: string,
  action: KeyAction,
): boolean {
  return policies.some(
    (p) =>
      p.scope.instanceId === instanceId &&
      p.role !== 'Administrator' &&
      PERMISSIONS[action].includes(p.role),
  );
}

export function denial(user: User, action: KeyAction, target: AccessTarget): EngineError {
  const role = leastRoleFor(action);
  const where = target.keyId
    ? `key ${target.keyId}`
    : target.keyRingID
      ? `key ring "${target.keyRingID}"`
      : 'this instance';
  return denied(
    `${user.name} may not ${ACTION_LABELS[action]} on ${where}: this needs the ${role} role.`,
  );
}

/**
 * A refusal of what only an account Administrator may do (moving the clock). It is a denial like
 * every other (`denied`), so the two never disagree on the status.
 */
export function administratorRequired(user: User, what: string): EngineError {
  return denied(`${user.name} may not ${what}: this needs the Administrator role on the account.`);
}

export function requireAllowed(
  user: User,
  policies: readonly AccessPolicy[],
  target: AccessTarget,
  action: KeyAction,
): void {
  if (!allows(policies, target, action)) throw denial(user, action, target);
}

/**
 * What the user may do somewhere in the instance (on it, or on some ring or key in it): the
 * console's instance-level answer, e.g. whether to offer "Create key" at all. Each call is still
 * checked against the exact ring or key it addresses.
 */
export function permissionsInInstance(
  user: User,
  policies: readonly AccessPolicy[],
  instanceId: string,
): Permissions {
  const result = {} as Permissions;
  for (const action of Object.keys(PERMISSIONS) as KeyAction[]) {
    result[action] = allowsAnywhereIn(policies, instanceId, action)
      ? { allowed: true }
      : {
          allowed: false,
          needs: leastRoleFor(action),
          reason: denial(user, action, { instanceId }).message,
        };
  }
  return result;
}

export function permissionsAt(
  user: User,
  policies: readonly AccessPolicy[],
  target: AccessTarget,
): Permissions {
  const result = {} as Permissions;
  for (const action of Object.keys(PERMISSIONS) as KeyAction[]) {
    result[action] = allows(policies, target, action)
      ? { allowed: true }
      : {
          allowed: false,
          needs: leastRoleFor(action),
          reason: denial(user, action, target).message,
        };
  }
  return result;
}

/** Access management (users, policies, instances, authorizations) needs the platform role. */
export function requireAdministrator(
  user: User,
  policies: readonly AccessPolicy[],
  what: string,
): void {
  if (!isAdministrator(policies))
    throw denied(`${user.name} may not ${what}: this needs the Administrator role.`);
}

/** How a policy's scope reads in the console and in explanations. */
export function describePolicyScope(scope: PolicyScope): string {
  if (scope.instanceId === undefined) return 'the account';
  if (scope.keyId !== undefined) return `key ${scope.keyId}`;
  if (scope.keyRingID !== undefined) return `key ring "${scope.keyRingID}"`;
  return 'the instance';
}

/**
 * Every action at a target with the policies that decide it: the "what can this user do?" view.
 * Built from `covers` and `PERMISSIONS` like `allows`, so the two cannot disagree (a unit test
 * checks that they do not).
 */
export function explainAt(
  user: User,
  policies: readonly AccessPolicy[],
  target: AccessTarget,
): {
  action: KeyAction;
  allowed: boolean;
  decidedBy: AccessPolicy[];
  needs?: ServiceRole;
  reason: string;
}[] {
  return (Object.keys(PERMISSIONS) as KeyAction[]).map((action) => {
    const decidedBy = policies.filter(
      (p) =>
        p.role !== 'Administrator' &&
        covers(p.scope, target) &&
        PERMISSIONS[action].includes(p.role),
    );
    if (decidedBy.length > 0)
      return {
        action,
        allowed: true,
        decidedBy,
        reason: decidedBy
          .map((p) => `${p.role} on ${describePolicyScope(p.scope)}`)
          .join('; ')
          .replace(/^/, 'Allowed by '),
      };
    return {
      action,
      allowed: false,
      decidedBy,
      needs: leastRoleFor(action),
      reason: denial(user, action, target).message,
    };
  });
}
