/**
 * The dashboard's engine call as a query of the one engine-query layer: `getDashboard` per
 * instance, user and period; the change notices it depends on (domain/stale-reads.ts) refresh it,
 * this tab's or another's.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardRange } from '../../../domain/insights';
import { useCallContext } from '../../../client/call-context';
import { engineQuery } from '../../../client/engine-query';

export function useDashboard(range: DashboardRange) {
  return useQuery({
    ...engineQuery('getDashboard', useCallContext(), { range }),
    placeholderData: keepPreviousData,
  });
}
