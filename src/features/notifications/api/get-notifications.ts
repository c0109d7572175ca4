/**
 * The header's notifications as a query: refreshed by every change notice (this tab's or another
 * tab's, the demo clock's included) and every 30 seconds, as real time moves the engine clock too.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const notificationQueries = {
  list: (ctx: CallContext) =>
    queryOptions({
      queryKey: ['notifications', ctx.instanceId, ctx.userId] as const,
      queryFn: () => keywardClient().getNotifications(ctx),
      refetchInterval: 30_000,
    }),
};

export function useNotifications(ctx: CallContext) {
  return useQuery(notificationQueries.list(ctx));
}
