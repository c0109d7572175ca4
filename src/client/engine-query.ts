/**
 * The console's one query factory: every engine read is cached under the key
 * `[method, instanceId, userId, ...arguments]` (`['getSession']` for the session), wherever it is
 * used, so two pages asking the same read share one cache entry and one engine call. The
 * QueryClient runs a key as the call it names (its default query function), and change notices
 * invalidate exactly the reads `domain/stale-reads.ts` says they make stale. Mutations are plain
 * engine calls: the engine's notice of the change refreshes what shows it.
 */
import {
  QueryClient,
  queryOptions,
  type QueryClientConfig,
  type QueryFunction,
  type QueryKey,
} from '@tanstack/react-query';
import type { CallContext, KeywardApi } from '../domain/api';
import type { ChangeNotice } from '../domain/notices';
import { isReadMethod, isStaleAfter, type ReadCall, type ReadMethod } from '../domain/stale-reads';

export type ReadArgs<M extends ReadMethod> = Parameters<KeywardApi[M]>;
export type ReadResult<M extends ReadMethod> = Awaited<ReturnType<KeywardApi[M]>>;

/** `[method, instanceId, userId, ...arguments]`, or `['getSession']`. */
export type EngineQueryKey = readonly [ReadMethod, ...unknown[]];

/** The key of one engine read. Trailing `undefined` arguments are dropped (same call, same key). */
export function engineQueryKey<M extends ReadMethod>(
  method: M,
  ...args: ReadArgs<M>
): EngineQueryKey {
  const list: unknown[] = [...args];
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  if (method === 'getSession') return [method];
  const [ctx, ...rest] = list as [CallContext, ...unknown[]];
  return [method, ctx.instanceId, ctx.userId, ...rest];
}

/**
 * Query options of one engine read, typed by the API: `useQuery(engineQuery('listKeys', ctx,
 * query))` is a `KeyList`. Spread it to add options (`enabled`, `placeholderData`, `select`, …).
 */
export function engineQuery<M extends ReadMethod>(method: M, ...args: ReadArgs<M>) {
  return queryOptions<ReadResult<M>, Error, ReadResult<M>, EngineQueryKey>({
    queryKey: engineQueryKey(method, ...args),
  });
}

/** The read an engine query key names (undefined for keys that are not engine reads). */
export function readCallOf(queryKey: QueryKey): ReadCall | undefined {
  const [method, instanceId, _userId, ...args] = queryKey;
  if (!isReadMethod(method)) return undefined;
  if (method === 'getSession') return { method, args: [] };
  return { method, instanceId: String(instanceId), args };
}

/** Runs the read a key names against `api`. */
export function engineQueryFn(api: KeywardApi): QueryFunction {
  return ({ queryKey }) => {
    const [method, instanceId, userId, ...args] = queryKey;
    if (!isReadMethod(method)) throw new Error(`Not an engine read: ${JSON.stringify(queryKey)}`);
    const call = api[method] as (...a: unknown[]) => Promise<unknown>;
    if (method === 'getSession') return call.call(api);
    const ctx: CallContext = { instanceId: String(instanceId), userId: String(userId) };
    return call.call(api, ctx, ...args);
  };
}

/**
 * A QueryClient whose queries run engine reads against `api`. Not retried (the engine's answer is
 * the answer: errors are data) and not refetched on focus (notices say when data changed).
 */
export function engineQueryClient(api: KeywardApi, config: QueryClientConfig = {}): QueryClient {
  return new QueryClient({
    ...config,
    defaultOptions: {
      ...config.defaultOptions,
      queries: {
        queryFn: engineQueryFn(api),
        retry: false,
        refetchOnWindowFocus: false,
        ...config.defaultOptions?.queries,
      },
    },
  });
}

/** Invalidates (and so refetches, where shown) exactly the cached reads `notice` made stale. */
export function invalidateStaleReads(
  queryClient: QueryClient,
  notice: ChangeNotice,
): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const call = readCallOf(query.queryKey);
      return call !== undefined && isStaleAfter(notice, call);
    },
  });
}
