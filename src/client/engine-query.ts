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

/**
 * The shortest time between two refetches of one shown read that notices cause. A burst of
 * notices (a stream of wraps: one `events` notice each) refetches a stale read at once (leading
 * edge), then at most once more per window (trailing edge: what changed meanwhile is shown).
 */
export const REFETCH_WINDOW_MS = 250;

/**
 * A slow read waits longer between notice refetches: at least this many times its last duration,
 * so refetches alone never keep the engine busy more than a fraction of the time (the liveness
 * check must still get its answer).
 */
const SLOW_READ_FACTOR = 4;

type CachedQuery = ReturnType<ReturnType<QueryClient['getQueryCache']>['getAll']>[number];

/**
 * Paces the notice refetches of one QueryClient. A stale read that is shown, not being fetched,
 * and not refetched within its window is invalidated at once; any other stale shown read waits
 * (once, however many notices) for its window to pass and its fetch to end, then is invalidated.
 * A read being fetched is never cancelled for a refetch: the engine would run both. Reads not
 * shown are only marked stale (that costs nothing): at once, or, while fetched (a prefetch),
 * once the answer lands (it may predate the change, and a fresh answer would hide that).
 */
class StaleReadPacer {
  /** When a notice last made each shown read refetch. */
  private readonly refetchedAt = new WeakMap<CachedQuery, number>();
  private readonly waiting = new Set<CachedQuery>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleWaiters: (() => void)[] = [];

  /** When each read's fetch in flight started, and how long each read's last fetch took. */
  private readonly fetchStartedAt = new WeakMap<CachedQuery, number>();
  private readonly lastDuration = new WeakMap<CachedQuery, number>();

  constructor(private readonly client: QueryClient) {
    client.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      const { type } = event.action;
      if (type === 'fetch') this.fetchStartedAt.set(event.query, Date.now());
      else if (type === 'success' || type === 'error') {
        const started = this.fetchStartedAt.get(event.query);
        if (started !== undefined)
          this.lastDuration.set(event.query, Math.max(0, Date.now() - started));
      }
    });
  }

  onNotice(notice: ChangeNotice): Promise<void> {
    const now = Date.now();
    const due = new Set<CachedQuery>();
    for (const query of this.client.getQueryCache().getAll()) {
      const call = readCallOf(query.queryKey);
      if (call === undefined || !isStaleAfter(notice, call)) continue;
      // A read not shown is only marked, unless its answer is on its way (a prefetch): that
      // answer may predate the change, so it is marked once it lands.
      if (!query.isActive() && query.state.fetchStatus !== 'fetching') due.add(query);
      else if (!this.waiting.has(query)) {
        if (this.ready(query, now)) due.add(query);
        else this.waiting.add(query);
      }
    }
    const done = this.invalidate(due, now);
    this.schedule(now);
    return done;
  }

  /** Resolves once no stale read waits for its refetch (tests). */
  idle(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private windowOf(query: CachedQuery): number {
    return Math.max(REFETCH_WINDOW_MS, SLOW_READ_FACTOR * (this.lastDuration.get(query) ?? 0));
  }

  private ready(query: CachedQuery, now: number): boolean {
    if (query.state.fetchStatus === 'fetching') return false;
    const at = this.refetchedAt.get(query);
    return at === undefined || now - at >= this.windowOf(query);
  }

  private invalidate(queries: Set<CachedQuery>, now: number): Promise<void> {
    if (queries.size === 0) return Promise.resolve();
    for (const query of queries) if (query.isActive()) this.refetchedAt.set(query, now);
    return this.client.invalidateQueries({ predicate: (query) => queries.has(query) });
  }

  private schedule(now: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.size === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    let next = Infinity;
    for (const query of this.waiting) {
      const at = this.refetchedAt.get(query);
      // Being fetched: look again a window later.
      const dueAt =
        query.state.fetchStatus === 'fetching' || at === undefined
          ? now + REFETCH_WINDOW_MS
          : at + this.windowOf(query);
      next = Math.min(next, dueAt);
    }
    this.timer = setTimeout(() => this.flush(), Math.max(0, next - now));
  }

  private flush(): void {
    this.timer = undefined;
    const now = Date.now();
    const cache = this.client.getQueryCache();
    const due = new Set<CachedQuery>();
    for (const query of this.waiting) {
      // Gone from the cache, or not shown: nothing to refetch (a later show fetches), only
      // marked once no answer is on its way.
      if (cache.get(query.queryHash) !== query) this.waiting.delete(query);
      else if (!query.isActive()) {
        if (query.state.fetchStatus !== 'fetching') {
          this.waiting.delete(query);
          due.add(query);
        }
      } else if (this.ready(query, now)) {
        this.waiting.delete(query);
        due.add(query);
      }
    }
    void this.invalidate(due, now);
    this.schedule(now);
  }
}

const pacers = new WeakMap<QueryClient, StaleReadPacer>();

function pacerOf(queryClient: QueryClient): StaleReadPacer {
  let pacer = pacers.get(queryClient);
  if (!pacer) pacers.set(queryClient, (pacer = new StaleReadPacer(queryClient)));
  return pacer;
}

/**
 * Invalidates (and so refetches, where shown) exactly the cached reads `notice` made stale, at
 * most once per read per window however many notices arrive (see `StaleReadPacer`). Resolves
 * when the reads refetched at once are fetched.
 */
export function invalidateStaleReads(
  queryClient: QueryClient,
  notice: ChangeNotice,
): Promise<void> {
  return pacerOf(queryClient).onNotice(notice);
}

/** Resolves once every read that notices made stale has been refetched or marked (tests). */
export function staleReadsSettled(queryClient: QueryClient): Promise<void> {
  return pacerOf(queryClient).idle();
}
