/** Query keys and fetchers of the resources feature: what each instance holds (Administrator). */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const instanceQueries = {
  all: (ctx: CallContext) => ['instances', ctx.userId] as const,
  usage: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...instanceQueries.all(ctx), 'usage'] as const,
      queryFn: () => keywardClient().getInstanceUsage(ctx),
    }),
};
