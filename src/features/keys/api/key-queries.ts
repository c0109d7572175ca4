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
  /** The instance's policies: whether plain import is allowed, which kinds may be created. */
  instancePolicies: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'instance-policies'] as const,
      queryFn: () => keywardClient().getInstancePolicies(ctx),
    }),
  keyRings: (ctx: CallContext) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'key-rings'] as const,
      queryFn: () => keywardClient().listKeyRings(ctx),
    }),
  /** What the acting user may do on each listed key (rows of the keys table). */
  rowPermissions: (ctx: CallContext, keyIds: string[]) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'row-permissions', keyIds] as const,
      queryFn: () => keywardClient().getKeyPermissions(ctx, keyIds),
      placeholderData: keepPreviousData,
    }),
  /** One key's metadata, by id or alias (the key page). */
  detail: (ctx: CallContext, idOrAlias: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'detail', idOrAlias] as const,
      queryFn: () => keywardClient().getKeyMetadata(ctx, idOrAlias),
    }),
  /** What the acting user may do on one key (its ring and key-scoped policies count). */
  keyPermissions: (ctx: CallContext, idOrAlias: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'key-permissions', idOrAlias] as const,
      queryFn: () => keywardClient().getPermissions(ctx, idOrAlias),
    }),
  versions: (ctx: CallContext, keyId: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'versions', keyId] as const,
      queryFn: () => keywardClient().getKeyVersions(ctx, keyId),
    }),
  registrations: (ctx: CallContext, keyId: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'registrations', keyId] as const,
      queryFn: () => keywardClient().getRegistrations(ctx, keyId),
    }),
  /** One key's policies (Manager only: others are refused by the engine). */
  policies: (ctx: CallContext, keyId: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'policies', keyId] as const,
      queryFn: () => keywardClient().getKeyPolicies(ctx, keyId),
    }),
  /** The buckets a key protects, with object counts and sizes (its blast radius). */
  protectedBuckets: (ctx: CallContext, keyId: string) =>
    queryOptions({
      queryKey: [...keyQueries.all(ctx), 'protected-buckets', keyId] as const,
      queryFn: () => keywardClient().getProtectedBuckets(ctx, keyId),
    }),
  /** Every event of one key (its history), all pages. */
  events: (ctx: CallContext, keyId: string) => [...keyQueries.all(ctx), 'events', keyId] as const,
  eventsPage: (ctx: CallContext, keyId: string, offset: number, limit: number) =>
    queryOptions({
      queryKey: [...keyQueries.events(ctx, keyId), { offset, limit }] as const,
      queryFn: () => keywardClient().listEvents(ctx, { target: keyId, offset, limit }),
      placeholderData: keepPreviousData,
    }),
};
