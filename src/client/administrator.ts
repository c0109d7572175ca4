/**
 * Whether the acting user is an account Administrator, as the engine says (`checkAccess` about
 * oneself, the same cached read as "What can this user do?" for oneself): access-management pages
 * disable their controls with this permission's reason.
 */
import { useQuery } from '@tanstack/react-query';
import type { AccessCheck, CallContext } from '../domain/api';
import type { Permission } from '../domain/types';
import { useCallContext } from './call-context';
import { engineQuery } from './engine-query';

function asPermission(check: AccessCheck): Permission {
  return check.administrator
    ? { allowed: true }
    : {
        allowed: false,
        reason: `${check.user.name} may not manage access: this needs the Administrator role.`,
      };
}

export const administratorQuery = (ctx: CallContext) => ({
  ...engineQuery('checkAccess', ctx, { userId: ctx.userId, instanceId: ctx.instanceId }),
  select: asPermission,
});

/** The Administrator permission of the acting user, and the failure of asking, if any. */
export function useAdministrator(): { permission: Permission | undefined; error: unknown } {
  const ctx = useCallContext();
  const query = useQuery(administratorQuery(ctx));
  return { permission: query.data, error: query.error ?? undefined };
}
