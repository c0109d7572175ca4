/** Query keys and fetchers of the access feature: "what can this user do?" at a scope. */
import { queryOptions } from '@tanstack/react-query';
import type { AccessCheckRequest, CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const accessQueries = {
  all: (ctx: CallContext) => ['access', ctx.userId] as const,
  check: (ctx: CallContext, req: AccessCheckRequest) =>
    queryOptions({
      queryKey: [...accessQueries.all(ctx), 'check', req] as const,
      queryFn: () => keywardClient().checkAccess(ctx, req),
    }),
};
