/**
 * The header's notifications as a query of the engine-query layer: refreshed by the change
 * notices they depend on (keys, the demo clock, events, access: domain/stale-reads.ts), from this
 * tab or another, and every 30 seconds, as real time moves the engine clock too.
 */
import { useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { engineQuery } from '../../../client/engine-query';

export function useNotifications(ctx: CallContext) {
  return useQuery({ ...engineQuery('getNotifications', ctx), refetchInterval: 30_000 });
}
