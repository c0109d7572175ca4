/**
 * The console's data layer against a real engine (in-thread, over fake-indexeddb): the reads of the
 * keys page, the key page and the events page are cached and shown (observed) as the pages show
 * them, the engine's own change notices go to the notice handler, and each test counts the engine
 * calls one mutation causes. Each stale read must be asked again exactly once, and nothing else.
 */
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import {
  engineQuery,
  engineQueryClient,
  invalidateStaleReads,
  type ReadArgs,
} from '../client/engine-query';
import type { ChangeNotice } from '../domain/notices';
import { counting } from './counting-engine';
import type { ReadMethod } from '../domain/stale-reads';
import { openHarness, type Harness } from '../engine/test/harness';

async function settled(client: QueryClient): Promise<void> {
  // Notices of refusals are posted a task later (coalesced), then refetches run.
  for (let quiet = 0; quiet < 3;) {
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
  // The engine opens before the QueryClient that its notices go to exists.
  const wired: { client?: QueryClient } = {};
  const notices: ChangeNotice[] = [];
  const h: Harness = await openHarness({
    onChange: (notice) => {
      notices.push(notice);
      if (wired.client) void invalidateStaleReads(wired.client, notice);
    },
  });
  const { api, calls } = counting(h.engine);
  const queryClient = engineQueryClient(api);
  wired.client = queryClient;
  const unsubscribes: (() => void)[] = [];
  /** Shows a read, as a mounted page does (an observed query refetches when invalidated). */
  const show = <M extends ReadMethod>(method: M, ...args: ReadArgs<M>) => {
    const observer = new QueryObserver(queryClient, engineQuery(method, ...args));
    unsubscribes.push(observer.subscribe(() => undefined));
  };
  cleanup = async () => {
    for (const u of unsubscribes) u();
    queryClient.clear();
    await h.engine.close();
  };
  return { h, api, calls, client: queryClient, show, notices };
}

describe('change notices refresh exactly the stale reads', () => {
  it('disabling a key: each read that shows the key or its history once, nothing else', async () => {
    const { h, api, calls, client, show } = await consoleOn();
    const manager = h.as('manager');
    const a = await api.createKey(manager, { name: 'key-a', extractable: false });
    const b = await api.createKey(manager, { name: 'key-b', extractable: false });
    const session = await api.getSession();
    const cos = session.instances.find((i) => i.kind === 'cos');
    if (!cos) throw new Error('no cos instance');

    // The shell, the keys page, key a's page, the settings page and the events page.
    show('getSession');
    show('getPermissions', manager);
    show('listKeyRings', manager);
    show('listKeys', manager, {});
    show('getKeyPermissions', manager, [a.id, b.id]);
    show('getKeyMetadata', manager, a.id);
    show('getPermissions', manager, a.id);
    show('getKeyVersions', manager, a.id);
    show('getRegistrations', manager, a.id);
    show('listEvents', manager, { target: a.id, offset: 0, limit: 100 });
    show('getInstancePolicies', manager);
    show('listEvents', manager, { offset: 0, limit: 50 });
    // Another key's page (another tab's, say), and the buckets page.
    show('getKeyMetadata', manager, b.id);
    show('getKeyVersions', manager, b.id);
    show('listBuckets', { userId: manager.userId, instanceId: cos.id });
    await settled(client);
    calls.clear();

    await api.disableKey(manager, a.id);
    await settled(client);

    expect(Object.fromEntries(calls)).toEqual({
      disableKey: 1,
      listKeys: 1,
      listKeyRings: 1,
      getKeyPermissions: 1,
      getKeyMetadata: 1,
      getPermissions: 1,
      getKeyVersions: 1,
      getRegistrations: 1,
      // The key's history and the events page.
      listEvents: 2,
      // Buckets show their key's state.
      listBuckets: 1,
    });
    // The one getKeyMetadata and getPermissions were key a's.
    expect(client.getQueryData(engineQuery('getKeyMetadata', manager, a.id).queryKey)?.state).toBe(
      2,
    );
  });

  it('a refused change refreshes only the audit reads (its event), once', async () => {
    const { h, api, calls, client, show, notices } = await consoleOn();
    const manager = h.as('manager');
    const reader = h.as('reader');
    const a = await api.createKey(manager, { name: 'key-a', extractable: false });
    show('listKeys', reader, {});
    show('getKeyMetadata', reader, a.id);
    show('getPermissions', reader, a.id);
    show('listEvents', manager, { target: a.id, offset: 0, limit: 100 });
    await settled(client);
    calls.clear();
    notices.length = 0;

    await expect(api.disableKey(reader, a.id)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ERR' });
    await settled(client);

    expect(notices).toEqual([{ topic: 'events', instanceId: h.instanceId, keyId: a.id }]);
    expect(Object.fromEntries(calls)).toEqual({ disableKey: 1, listEvents: 1 });
    const history = client.getQueryData(
      engineQuery('listEvents', manager, { target: a.id, offset: 0, limit: 100 }).queryKey,
    );
    expect(history?.events[0]).toMatchObject({
      action: 'kms.secrets.disable',
      outcome: 'failure',
    });
  });

  it('granting a role refreshes the session and permissions, not key data', async () => {
    const { h, api, calls, client, show } = await consoleOn();
    const admin = h.as('admin');
    const manager = h.as('manager');
    const a = await api.createKey(manager, { name: 'key-a', extractable: false });
    show('getSession');
    show('getPermissions', manager);
    show('listKeys', manager, {});
    show('getKeyMetadata', manager, a.id);
    show('getInstancePolicies', manager);
    await settled(client);
    calls.clear();

    await api.grantAccess(admin, {
      userId: manager.userId,
      role: 'KeyPurge',
      scope: { instanceId: h.instanceId },
    });
    await settled(client);

    expect(Object.fromEntries(calls)).toEqual({
      grantAccess: 1,
      getSession: 1,
      getPermissions: 1,
    });
  });
});
