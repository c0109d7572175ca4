/** Query keys and fetchers of the settings feature: the instance's policies and who may set them. */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const settingsQueries = {
  all: (ctx: CallContext) => ['settings', ctx.instanceId, ctx.userId] as const,
  policies: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...settingsQueries.all(ctx), 'instance-policies'] as const,
      queryFn: () => keywardClient().getInstancePolicies(ctx),
    }),
  permissions: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...settingsQueries.all(ctx), 'permissions'] as const,
      queryFn: () => keywardClient().getPermissions(ctx),
    }),
};
