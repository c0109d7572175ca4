/**
 * Query keys and fetchers of the events feature, from one factory: a page of events for a filter,
 * the hash-chain verification, and the session (for the initiator filter's list of users).
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CallContext, ListEventsQuery } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const eventQueries = {
  all: (ctx: CallContext) => ['events', ctx.instanceId, ctx.userId] as const,
  list: (ctx: CallContext, query: ListEventsQuery) =>
    queryOptions({
      queryKey: [...eventQueries.all(ctx), 'list', query] as const,
      queryFn: () => keywardClient().listEvents(ctx, query),
      placeholderData: keepPreviousData,
    }),
  /**
   * Why disabled: verifying reads and hashes the whole chain, so it runs when the page opens and
   * on request (`refetch`), not again on every change another tab announces.
   */
  verification: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...eventQueries.all(ctx), 'verification'] as const,
      queryFn: () => keywardClient().verifyEvents(ctx),
      enabled: false,
    }),
};
