/** Query keys and fetchers of the Hyper Protect page: the crypto units' state of one instance. */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const hpcsQueries = {
  all: (ctx: CallContext) => ['hpcs', ctx.instanceId, ctx.userId] as const,
  state: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...hpcsQueries.all(ctx), 'state'] as const,
      queryFn: () => keywardClient().getHpcsState(ctx),
    }),
};
