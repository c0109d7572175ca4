/**
 * The dashboard's engine call as a query: one `getDashboard` per instance, user and period. Every
 * change notice (this tab's or another's) refreshes it, like every query of the console.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import type { DashboardRange } from '../../../domain/insights';
import { keywardClient } from '../../../client/keyward-client';
import { useCallContext } from '../../../client/call-context';

export const dashboardQueries = {
  all: (ctx: CallContext) => ['dashboard', ctx.instanceId, ctx.userId] as const,
  dashboard: (ctx: CallContext, range: DashboardRange) =>
    queryOptions({
      queryKey: [...dashboardQueries.all(ctx), range] as const,
      queryFn: () => keywardClient().getDashboard(ctx, { range }),
      placeholderData: keepPreviousData,
    }),
};

export function useDashboard(range: DashboardRange) {
  return useQuery(dashboardQueries.dashboard(useCallContext(), range));
}
