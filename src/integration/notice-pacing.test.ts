/**
 * Notice refetches are paced: a burst of change notices (a stream of wraps posts one `events`
 * notice each) refetches each stale shown read at once and then at most once per window, never
 * cancels a fetch in flight (the engine would run both), and still ends on the current data.
 * Against a real engine (in-thread, over fake-indexeddb), counting its calls.
 */
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../domain/notices';
import { counting } from './counting-engine';
import type { ReadMethod } from '../domain/stale-reads';
import { openHarness } from '../engine/test/harness';
import {
  engineQuery,
  engineQueryClient,
  invalidateStaleReads,
  REFETCH_WINDOW_MS,
  staleReadsSettled,
  type ReadArgs,
} from '../client/engine-query';

/** No stale read waits, and nothing is being fetched, three looks in a row. */
async function settled(client: QueryClient): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    await staleReadsSettled(client);
    await new Promise((resolve) => setTimeout(resolve, 5));
    quiet = client.isFetching() === 0 ? quiet + 1 : 0;
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function consoleOn() {
  const wired: { client?: QueryClient } = {};
  const h = await openHarness({
    onChange: (notice) => {
      if (wired.client) void invalidateStaleReads(wired.client, notice);
    },
  });
  const { api, calls } = counting(h.engine);
  const client = engineQueryClient(api);
  wired.client = client;
  const unsubscribes: (() => void)[] = [];
  const show = <M extends ReadMethod>(method: M, ...args: ReadArgs<M>) => {
    const observer = new QueryObserver(client, engineQuery(method, ...args));
    unsubscribes.push(observer.subscribe(() => undefined));
  };
  cleanup = async () => {
    for (const u of unsubscribes) u();
    client.clear();
    await h.engine.close();
  };
  return { h, api, calls, client, show };
}

describe('a burst of notices', () => {
  it('100 notices at once: each stale shown read twice (now, and once after), others never', async () => {
    const { h, api, calls, client, show } = await consoleOn();
    const manager = h.as('manager');
    const a = await api.createKey(manager, { name: 'key-a', extractable: false });
    // The dashboard with its header, the events page and key a's history, the keys page.
    show('getDashboard', manager);
    show('getNotifications', manager);
    show('listEvents', manager, { offset: 0, limit: 50 });
    show('listEvents', manager, { target: a.id, offset: 0, limit: 100 });
    show('listKeys', manager, {});
    await settled(client);
    calls.clear();

    const notice: ChangeNotice = { topic: 'events', instanceId: h.instanceId, keyId: a.id };
    for (let i = 0; i < 100; i++) void invalidateStaleReads(client, notice);
    await settled(client);

    // The leading refetch is in flight when the other 99 arrive: one trailing refetch after it.
    expect(Object.fromEntries(calls)).toEqual({ getDashboard: 2, listEvents: 4 });
  });

  it('100 wraps one after another: bounded refetches, and the console ends current', async () => {
    const { h, api, calls, client, show } = await consoleOn();
    const writer = h.as('writer');
    const a = await api.createKey(writer, { name: 'key-a', extractable: false });
    show('getDashboard', writer);
    show('getNotifications', writer);
    show('listEvents', writer, { action: 'kms.secrets.wrap', limit: 10 });
    show('listKeys', writer, {});
    await settled(client);
    const before = client.getQueryData(engineQuery('getDashboard', writer).queryKey);
    calls.clear();

    const started = Date.now();
    for (let i = 0; i < 100; i++) await api.wrap(writer, a.id);
    await settled(client);
    const elapsed = Date.now() - started;

    // Each read: once at the first notice, then at most once per window that passed.
    const bound = 2 + Math.floor(elapsed / REFETCH_WINDOW_MS);
    expect(calls.get('wrap')).toBe(100);
    expect(calls.get('getNotifications')).toBeUndefined();
    expect(calls.get('listKeys')).toBeUndefined();
    for (const method of ['getDashboard', 'listEvents'] as const) {
      const n = calls.get(method) ?? 0;
      expect([method, n >= 1 && n <= bound]).toEqual([method, true]);
    }
    // The last refetch came after the last wrap: all 100 are listed and counted (beside the
    // reads the console made meanwhile, which are audited too).
    const wraps = client.getQueryData(
      engineQuery('listEvents', writer, { action: 'kms.secrets.wrap', limit: 10 }).queryKey,
    );
    expect(wraps?.total).toBe(100);
    const shown = client.getQueryData(engineQuery('getDashboard', writer).queryKey);
    expect(shown!.operationsTotal.successes).toBeGreaterThanOrEqual(
      before!.operationsTotal.successes + 100,
    );
  });

  it('a read not shown is only marked stale, at once, however many notices', async () => {
    const { h, calls, client } = await consoleOn();
    const manager = h.as('manager');
    await client.fetchQuery(engineQuery('getDashboard', manager));
    calls.clear();
    const notice: ChangeNotice = { topic: 'events', instanceId: h.instanceId };
    for (let i = 0; i < 100; i++) void invalidateStaleReads(client, notice);
    await settled(client);
    expect(Object.fromEntries(calls)).toEqual({});
    expect(client.getQueryState(engineQuery('getDashboard', manager).queryKey)?.isInvalidated).toBe(
      true,
    );
  });

  it('a read not shown but being fetched (a prefetch) is marked stale once its answer lands', async () => {
    const { h, calls, client } = await consoleOn();
    const manager = h.as('manager');
    const list = engineQuery('listKeys', manager, {});
    const prefetched = client.prefetchQuery(list);
    expect(client.getQueryState(list.queryKey)?.fetchStatus).toBe('fetching');
    // The notice of a key created meanwhile: the answer on its way may not show it.
    await invalidateStaleReads(client, { topic: 'keys', instanceId: h.instanceId });
    await prefetched;
    await settled(client);
    expect(calls.get('listKeys')).toBe(1);
    expect(client.getQueryState(list.queryKey)?.isInvalidated).toBe(true);
  });
});
