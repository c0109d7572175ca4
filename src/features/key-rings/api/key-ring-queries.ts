/**
 * Query keys and fetchers of the key-rings feature, from one factory so mutations invalidate
 * exactly what they change.
 */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const keyRingQueries = {
  all: (ctx: CallContext) => ['key-rings', ctx.instanceId, ctx.userId] as const,
  list: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...keyRingQueries.all(ctx), 'list'] as const,
      queryFn: () => keywardClient().listKeyRings(ctx),
    }),
  /** What the acting user may do somewhere in the instance (create: Writer; delete: Manager). */
  permissions: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...keyRingQueries.all(ctx), 'permissions'] as const,
      queryFn: () => keywardClient().getPermissions(ctx),
    }),
};
