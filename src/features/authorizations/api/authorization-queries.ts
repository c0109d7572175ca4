/** Query keys and fetchers of the authorizations feature. */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const authorizationQueries = {
  all: (ctx: CallContext) => ['authorizations', ctx.userId] as const,
  list: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...authorizationQueries.all(ctx), 'list'] as const,
      queryFn: () => keywardClient().listAuthorizations(ctx),
    }),
};
