/**
 * Query keys and fetchers of the keys feature, from one factory so mutations invalidate exactly
 * what they change.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CallContext, ListKeysQuery } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const keyQueries = {
  all: (ctx: CallContext) => ['keys', ctx.instanceId, ctx.userId] as const,
  list: (ctx: CallContext, query: ListKeysQuery) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'list', query] as const,
      queryFn: () => keywardClient().listKeys(ctx, query),
      placeholderData: keepPreviousData,
    }),
  permissions: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'permissions'] as const,
      queryFn: () => keywardClient().getPermissions(ctx),
    }),
};
