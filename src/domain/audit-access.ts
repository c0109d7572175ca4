/**
 * Who may read, verify and sign the audit trail of an instance: a user with any role in it (on
 * the instance, a ring or a key: each sees the events of what they may read) or an account
 * Administrator. One rule for the engine (which enforces it) and the console (which disables the
 * Events page's controls with the same reason).
 */
import type { AccessPolicy, Permission, User } from './types';

export function auditPermission(
  user: Pick<User, 'name'>,
  policies: readonly AccessPolicy[],
  instanceId: string,
): Permission {
  const allowed = policies.some(
    (p) => p.role === 'Administrator' || p.scope.instanceId === instanceId,
  );
  return allowed
    ? { allowed: true }
    : {
        allowed: false,
        needs: 'Reader',
        reason: `${user.name} may not read events of this instance: this needs the Reader role.`,
      };
}
