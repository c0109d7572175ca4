/**
 * Query keys and fetchers of the buckets feature, from one factory so mutations invalidate
 * exactly what they change.
 */
import { queryOptions } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export const bucketQueries = {
  all: (ctx: CallContext) => ['buckets', ctx.instanceId, ctx.userId] as const,
  list: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...bucketQueries.all(ctx), 'list'] as const,
      queryFn: () => keywardClient().listBuckets(ctx),
    }),
  detail: (ctx: CallContext, name: string) =>
    queryOptions({
      queryKey: [...bucketQueries.all(ctx), 'detail', name] as const,
      queryFn: () => keywardClient().getBucket(ctx, name),
      // While a rewrap runs, follow its progress even without change notices.
      refetchInterval: (query) => (query.state.data?.rewrap?.state === 'running' ? 500 : false),
    }),
  objects: (ctx: CallContext, name: string) =>
    queryOptions({
      queryKey: [...bucketQueries.all(ctx), 'objects', name] as const,
      queryFn: () => keywardClient().listObjects(ctx, name),
    }),
  permissions: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...bucketQueries.all(ctx), 'permissions'] as const,
      queryFn: () => keywardClient().getStoragePermissions(ctx),
    }),
  encryptionKeys: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...bucketQueries.all(ctx), 'encryption-keys'] as const,
      queryFn: () => keywardClient().listEncryptionKeys(ctx),
    }),
};
