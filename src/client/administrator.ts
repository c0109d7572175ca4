/**
 * Whether the acting user is an account Administrator, as the engine says (`checkAccess` about
 * oneself): access-management pages disable their controls with this permission's reason.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CallContext } from '../domain/api';
import type { Permission } from '../domain/types';
import { useCallContext } from './call-context';
import { keywardClient } from './keyward-client';

export const administratorQuery = (ctx: CallContext) =>
  queryOptions({
    queryKey: ['administrator', ctx.userId, ctx.instanceId] as const,
    queryFn: async (): Promise<Permission> => {
      const check = await keywardClient().checkAccess(ctx, {
        userId: ctx.userId,
        instanceId: ctx.instanceId,
      });
      return check.administrator
        ? { allowed: true }
        : {
            allowed: false,
            reason: `${check.user.name} may not manage access: this needs the Administrator role.`,
          };
    },
  });

/** The Administrator permission of the acting user, and the failure of asking, if any. */
export function useAdministrator(): { permission: Permission | undefined; error: unknown } {
  const ctx = useCallContext();
  const query = useQuery(administratorQuery(ctx));
  return { permission: query.data, error: query.error ?? undefined };
}
