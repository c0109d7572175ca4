/**
 * The dashboard's aggregates against a brute-force recount (issue 11): after random histories of
 * key creation, rotation policies, lifecycle changes, wraps, refusals and clock steps, every
 * figure of `getDashboard` equals what one recounts from `listKeys` (every key) and `listEvents`
 * (every event) by hand, and each posture figure equals the total the keys page's filter gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../domain/insights';
import { DAY, HOUR } from '../../domain/time';
import type { AuditEvent, Key } from '../../domain/types';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness, type Persona } from '../test/harness';
import { addUser } from '../test/raw-db';

const iso = (ms: number) => new Date(ms).toISOString();

type Step =
  | { kind: 'create'; root: boolean; expiresInDays?: number; rotate?: number }
  | { kind: 'disable' | 'delete' | 'wrap' | 'refusal' | 'schedule' | 'bucket'; pick: number }
  | { kind: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    root: fc.boolean(),
    expiresInDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
    rotate: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constantFrom(
      'disable' as const,
      'delete' as const,
      'wrap' as const,
      'refusal' as const,
      'bucket' as const,
    ),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('advance' as const),
    ms: fc.constantFrom(HOUR, 5 * HOUR, DAY, 3 * DAY, 20 * DAY, 40 * DAY),
  }),
);

/**
 * A bucket in the storage instance on the key (authorized once), then the key disabled and
 * enabled: the storage instance records its acknowledgements of both, events of another instance
 * about this instance's key, which this instance's figures count.
 */
async function bucketOn(h: Harness, keyId: string, n: number): Promise<void> {
  const cos = (await h.engine.getSession()).instances.find((i) => i.kind === 'cos')?.id ?? '';
  const { authorizations } = await h.engine.listAuthorizations(h.as('admin'));
  if (authorizations.length === 0)
    await h.engine.createAuthorization(h.as('admin'), {
      sourceInstanceId: cos,
      targetInstanceId: h.instanceId,
      role: 'Reader',
    });
  const key = await h.engine.getKey(h.as('manager'), keyId);
  await h.engine.createBucket(
    { userId: 'user-writer', instanceId: cos },
    { name: `bucket-${n}`, encryption: { type: 'customer', keyCrn: key.crn } },
  );
  await h.engine.disableKey(h.as('manager'), keyId);
  h.clock.advance(30_000); // a key can be enabled 30 seconds after it was disabled
  await h.engine.enableKey(h.as('manager'), keyId);
}

async function play(h: Harness, steps: Step[]): Promise<void> {
  const ids: string[] = [];
  const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
  let buckets = 0;
  for (const step of steps) {
    const now = h.clock.now;
    switch (step.kind) {
      case 'create': {
        const key = await h.engine.createKey(h.as('writer'), {
          name: `k${ids.length}`,
          extractable: !step.root,
          ...(step.expiresInDays ? { expirationDate: iso(now + step.expiresInDays * DAY) } : {}),
        });
        ids.push(key.id);
        if (step.root && step.rotate)
          await h.engine.putKeyPolicies(h.as('manager'), key.id, {
            rotation: { enabled: true, interval_month: step.rotate },
          });
        break;
      }
      case 'advance':
        h.clock.advance(step.ms);
        break;
      default: {
        const id = pick(step.pick);
        if (!id) break;
        if (step.kind === 'bucket') {
          // Refused on a standard, disabled or deleted key (a refusal the figures count too).
          await bucketOn(h, id, buckets++).catch(() => undefined);
          break;
        }
        const call =
          step.kind === 'disable'
            ? h.engine.disableKey(h.as('manager'), id)
            : step.kind === 'delete'
              ? h.engine.deleteKey(h.as('manager'), id)
              : step.kind === 'wrap'
                ? h.engine.wrap(h.as('writer'), id)
                : h.engine.deleteKey(h.as('reader' as Persona), id);
        // Some of these are refused (wrap of a standard or disabled key, the reader's delete):
        // refusals are part of the history the dashboard counts.
        await call.catch(() => undefined);
      }
    }
  }
}

async function everyKey(h: Harness): Promise<Key[]> {
  const list = await h.engine.listKeys(h.as('manager'), { state: [1, 2, 3, 5], limit: 5000 });
  return list.keys;
}

/** Every event the dashboard's user (the Reader) may list. */
async function everyEvent(h: Harness): Promise<AuditEvent[]> {
  const list = await h.engine.listEvents(h.as('reader'), { limit: 5000, newestFirst: false });
  return list.events;
}

/** The recount, from the API's key and event shapes only. */
function recount(keys: Key[], events: AuditEvent[], instanceId: string, dash: Dashboard) {
  const now = Date.parse(dash.now);
  const live = keys.filter((k) => k.state !== 5);
  const within = (date: string | undefined, days: number) =>
    date !== undefined && Date.parse(date) > now && Date.parse(date) <= now + days * DAY;
  const byState: Record<string, number> = { 1: 0, 2: 0, 3: 0, 5: 0 };
  for (const k of keys) byState[k.state] = (byState[k.state] ?? 0) + 1;
  const width = dash.range === '24h' ? HOUR : DAY;
  const count = dash.range === '24h' ? 24 : dash.range === '7d' ? 7 : 30;
  const first = Math.floor(now / width) * width - (count - 1) * width;
  const operations = Array.from({ length: count }, (_, i) => ({
    start: iso(first + i * width),
    successes: 0,
    refusals: 0,
  }));
  // The instance's events, the account's (no instance), and other instances' about its keys.
  const own = new Set(keys.map((k) => k.id));
  for (const e of events) {
    if (
      e.target.instanceId !== undefined &&
      e.target.instanceId !== instanceId &&
      !(e.target.keyId !== undefined && own.has(e.target.keyId))
    )
      continue;
    const bucket = operations[Math.floor((Date.parse(e.time) - first) / width)];
    if (!bucket) continue;
    if (e.outcome === 'success') bucket.successes++;
    else bucket.refusals++;
  }
  return {
    byState,
    byType: {
      root: live.filter((k) => !k.extractable).length,
      standard: live.filter((k) => k.extractable).length,
    },
    expiringWithin: {
      d30: live.filter((k) => within(k.expirationDate, 30)).length,
      d90: live.filter((k) => within(k.expirationDate, 90)).length,
    },
    rotationsWithin: {
      d30: live.filter((k) => within(k.nextRotationDate, 30)).length,
      d90: live.filter((k) => within(k.nextRotationDate, 90)).length,
    },
    timelineExpirations: live.filter((k) => within(k.expirationDate, 90)).length,
    timelineRotations: live.filter((k) => within(k.nextRotationDate, 90)).length,
    operations,
    rootWithoutRotation: live.filter((k) => !k.extractable && k.nextRotationDate === undefined)
      .length,
    withoutDualAuth: live.filter((k) => !k.dualAuthDelete.enabled).length,
  };
}

describe('getDashboard', () => {
  it('equals a brute-force recount over random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('24h' as const, '7d' as const, '30d' as const),
        async (steps, range) => {
          const h = await openHarness();
          await play(h, steps);
          // Let what the last steps set off finish first (a rotation due after an "advance"
          // runs at the next call, and the buckets' rewrap it starts audits in the background),
          // so the recount below sees the events the dashboard saw.
          await h.engine.listKeys(h.as('reader'), { limit: 1 });
          await h.engine.storageIdle();
          await h.engine.flushEvents();
          const dash = await h.engine.getDashboard(h.as('reader'), { range });
          // The dashboard's own read event is appended after it counted: recount without it.
          const events = (await everyEvent(h)).filter((e) => e.action !== 'keyward.dashboard.read');
          const keys = await everyKey(h);
          const expected = recount(keys, events, h.instanceId, dash);
          expect(dash.byState).toEqual(expected.byState);
          expect(dash.byType).toEqual(expected.byType);
          expect(dash.expiringWithin).toEqual(expected.expiringWithin);
          expect(dash.rotationsWithin).toEqual(expected.rotationsWithin);
          expect(dash.timeline.reduce((n, d) => n + d.expirations, 0)).toBe(
            expected.timelineExpirations,
          );
          expect(dash.timeline.reduce((n, d) => n + d.rotations, 0)).toBe(
            expected.timelineRotations,
          );
          // Each expiration lands on its own UTC day.
          for (const k of keys.filter((k) => k.state !== 5 && k.expirationDate)) {
            const t = Date.parse(k.expirationDate ?? '');
            if (t <= Date.parse(dash.now) || t > Date.parse(dash.now) + 90 * DAY) continue;
            const day = dash.timeline.find((d) => d.day === k.expirationDate?.slice(0, 10));
            expect(day?.expirations).toBeGreaterThan(0);
          }
          expect(dash.operations).toEqual(expected.operations);
          const posture = Object.fromEntries(dash.posture.map((p) => [p.id, p]));
          expect(posture['root-without-rotation']?.count).toBe(expected.rootWithoutRotation);
          expect(posture['instance-dual-auth']?.count).toBe(expected.withoutDualAuth);
          // Every key posture figure is the total of the keys list its link opens.
          for (const check of dash.posture)
            if (check.filter) {
              const list = await h.engine.listKeys(h.as('reader'), { ...check.filter, limit: 1 });
              expect([check.id, list.total]).toEqual([check.id, check.count]);
            }
          for (const days of [30, 90]) {
            const list = await h.engine.listKeys(h.as('reader'), {
              expiringWithinDays: days,
              limit: 1,
            });
            expect(list.total).toBe(
              days === 30 ? dash.expiringWithin.d30 : dash.expiringWithin.d90,
            );
            const rot = await h.engine.listKeys(h.as('reader'), {
              rotationDueWithinDays: days,
              limit: 1,
            });
            expect(rot.total).toBe(
              days === 30 ? dash.rotationsWithin.d30 : dash.rotationsWithin.d90,
            );
          }
          await h.engine.close();
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('counts another tab’s events and keys (incrementally, after the first read)', async () => {
    const h = await openHarness({ linked: true });
    const first = await h.engine.getDashboard(h.as('manager'), { range: '24h' });
    const tab = await h.openTab();
    const key = await tab.createKey(h.as('writer'), { name: 'elsewhere', extractable: false });
    await tab.wrap(h.as('writer'), key.id);
    await expectError(
      tab.createKey(h.as('reader'), { name: 'no', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    await tab.flushEvents();
    await h.settle();
    const second = await h.engine.getDashboard(h.as('manager'), { range: '24h' });
    expect(second.byState[1]).toBe((first.byState[1] ?? 0) + 1);
    // create, wrap, and this engine's own first dashboard read; one refusal.
    expect(second.operationsTotal.successes - first.operationsTotal.successes).toBe(3);
    expect(second.operationsTotal.refusals - first.operationsTotal.refusals).toBe(1);
    await tab.close();
    await h.engine.close();
  });
});

it('concurrent reads after another tab’s change all see it (the key cache re-reads once, for all)', async () => {
  const h = await openHarness({ linked: true });
  const tab = await h.openTab();
  expect((await h.engine.listKeys(h.as('reader'))).total).toBe(0);
  await tab.createKey(h.as('writer'), { name: 'elsewhere', extractable: false });
  await h.settle();
  const [dash, notes, list] = await Promise.all([
    h.engine.getDashboard(h.as('reader')),
    h.engine.getNotifications(h.as('reader')),
    h.engine.listKeys(h.as('reader')),
  ]);
  expect(dash.byState[1]).toBe(1);
  expect(notes.total).toBe(0);
  expect(list.total).toBe(1);
  await tab.close();
  await h.engine.close();
});

describe('posture checks', () => {
  it('name the failing keys and users, with the filter that lists them', async () => {
    const h = await openHarness();
    const now = h.clock.now;
    const plain = await h.engine.createKey(h.as('writer'), { name: 'plain', extractable: false });
    const rotating = await h.engine.createKey(h.as('writer'), { name: 'rot', extractable: false });
    await h.engine.putKeyPolicies(h.as('manager'), rotating.id, {
      rotation: { enabled: true, interval_month: 1 },
    });
    await h.engine.createKey(h.as('writer'), {
      name: 'soon',
      extractable: true,
      expirationDate: iso(now + 10 * DAY),
    });
    await h.engine.createKey(h.as('writer'), {
      name: 'later',
      extractable: true,
      expirationDate: iso(now + 60 * DAY),
    });
    const dash = await h.engine.getDashboard(h.as('reader'));
    const byId = Object.fromEntries(dash.posture.map((p) => [p.id, p]));
    expect(byId['root-without-rotation']).toMatchObject({ count: 1, ok: false });
    expect(byId['expiring-30d']).toMatchObject({ count: 1, ok: false });
    expect(byId['instance-dual-auth']).toMatchObject({ count: 4, ok: false });
    // Tracking began with this database: nothing is 90 days unused yet.
    expect(byId['unused-90d']).toMatchObject({ count: 0, ok: true });
    // Max Manager and Wren Writer can read payloads; Rhea Reader and Ada Admin (Reader) cannot.
    expect(byId['payload-readers']?.users?.map((u) => u.name).sort()).toEqual([
      'Max Manager',
      'Wren Writer',
    ]);
    const noPolicy = await h.engine.listKeys(h.as('reader'), {
      ...byId['root-without-rotation']?.filter,
    });
    expect(noPolicy.keys.map((k) => k.id)).toEqual([plain.id]);

    // 91 days on: the root keys never used count; a key used meanwhile does not.
    h.clock.advance(50 * DAY);
    await h.engine.wrap(h.as('writer'), plain.id);
    h.clock.advance(41 * DAY);
    const later = await h.engine.getDashboard(h.as('reader'));
    const unused = later.posture.find((p) => p.id === 'unused-90d');
    // `rot` was rotated by its policy but never wrapped: unused; `plain` was wrapped 41 days ago.
    expect(unused?.count).toBe(1);
    const list = await h.engine.listKeys(h.as('reader'), { ...unused?.filter });
    expect(list.keys.map((k) => k.name)).toEqual(['rot']);

    // Instance dual authorization on: that check passes.
    await h.engine.putInstancePolicies(h.as('manager'), { dualAuthDelete: { enabled: true } });
    const after = await h.engine.getDashboard(h.as('reader'));
    expect(after.posture.find((p) => p.id === 'instance-dual-auth')?.ok).toBe(true);
    await h.engine.close();
  });

  it('checks its range and the keys list’s extra filters', async () => {
    const h = await openHarness();
    await expectError(
      h.engine.getDashboard(h.as('reader'), { range: '1y' as '7d' }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.listKeys(h.as('reader'), { expiringWithinDays: 0 }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.listKeys(h.as('reader'), { noRotationPolicy: 'yes' as unknown as boolean }),
      400,
      'INVALID_FIELD_ERR',
    );
    await h.engine.close();
  });
});

describe('the dashboard counts only what the acting user may read', () => {
  /**
   * A history with keys in two rings, uses and refusals of each, account events (access granted
   * through the engine, the demo clock moved) and buckets on a key of each ring.
   */
  async function history() {
    const h = await openHarness();
    const w = h.as('writer');
    await h.engine.createKeyRing(w, 'team');
    const inTeam = await h.engine.createKey(w, {
      name: 'team root',
      extractable: false,
      keyRingID: 'team',
    });
    await h.engine.createKey(w, { name: 'team std', extractable: true, keyRingID: 'team' });
    const inDefault = await h.engine.createKey(w, { name: 'default root', extractable: false });
    await h.engine.createKey(w, {
      name: 'default soon',
      extractable: true,
      expirationDate: iso(h.clock.now + 5 * DAY),
    });
    await h.engine.wrap(h.as('reader'), inTeam.id);
    await h.engine.wrap(h.as('reader'), inDefault.id);
    await h.engine.wrap(h.as('reader'), inDefault.id);
    await expectError(h.engine.disableKey(h.as('reader'), inTeam.id), 401, 'UNAUTHORIZED_ERR');
    await expectError(h.engine.disableKey(h.as('reader'), inDefault.id), 401, 'UNAUTHORIZED_ERR');
    // A bucket on the team key, which the storage instance acknowledges disabling and enabling.
    await bucketOn(h, inTeam.id, 0);
    await addUser(h, 'user-ring-reader', 'Rita RingReader');
    await addUser(h, 'user-key-writer', 'Kit KeyWriter');
    await addUser(h, 'user-none', 'Nel Nobody');
    const tab = await h.openTab();
    await h.engine.close();
    // Account events (iam.*) in the dashboard's ranges, granted through the engine; the clock
    // moved (an event of the instance).
    await tab.grantAccess(h.as('admin'), {
      userId: 'user-ring-reader',
      role: 'Reader',
      scope: { instanceId: h.instanceId, keyRingID: 'team' },
    });
    await tab.grantAccess(h.as('admin'), {
      userId: 'user-key-writer',
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyId: inDefault.id },
    });
    await tab.advanceTime(h.as('admin'), HOUR);
    return { h, tab, inTeam, inDefault };
  }

  it('each user’s figures equal a recount of the keys and events that user may list', async () => {
    const { h, tab } = await history();
    for (const userId of [
      'user-admin',
      'user-manager',
      'user-reader',
      'user-ring-reader',
      'user-key-writer',
    ]) {
      const as = h.asUser(userId);
      const keys = (await tab.listKeys(as, { state: [1, 2, 3, 5], limit: 5000 })).keys;
      const events = (await tab.listEvents(as, { limit: 5000, newestFirst: false })).events;
      const readsInstance = userId !== 'user-ring-reader' && userId !== 'user-key-writer';
      const dash = await tab.getDashboard(as, { range: '24h' });
      const expected = recount(keys, events, h.instanceId, dash);
      // The listing's own event comes after it listed: the dashboard counts it where it shows.
      if (readsInstance) {
        const bucket = expected.operations[expected.operations.length - 1];
        if (bucket) bucket.successes++;
      }
      expect([userId, dash.operations]).toEqual([userId, expected.operations]);
      expect([userId, dash.byState]).toEqual([userId, expected.byState]);
      expect([userId, dash.byType]).toEqual([userId, expected.byType]);
      expect([userId, dash.expiringWithin]).toEqual([userId, expected.expiringWithin]);
      for (const check of dash.posture)
        if (check.filter) {
          const list = await tab.listKeys(as, { ...check.filter, limit: 1 });
          expect([userId, check.id, list.total]).toEqual([userId, check.id, check.count]);
        }
    }
    await tab.close();
  });

  it('a ring- or key-scoped user sees that ring’s or key’s figures, a Reader none of the account’s', async () => {
    const { h, tab } = await history();
    const total = (d: Dashboard) => d.operationsTotal.successes + d.operationsTotal.refusals;
    const ring = await tab.getDashboard(h.asUser('user-ring-reader'), { range: '24h' });
    // The ring's creation, its two keys' creation, one wrap and one refusal; for the bucket on
    // its root key: the key read, disabled and enabled, each change notified to the storage
    // instance and acknowledged by it (two events of the storage instance about this key).
    expect(ring.byType).toEqual({ root: 1, standard: 1 });
    expect(ring.operationsTotal).toEqual({ successes: 11, refusals: 1 });
    const key = await tab.getDashboard(h.asUser('user-key-writer'), { range: '24h' });
    expect(key.byType).toEqual({ root: 1, standard: 0 });
    // Its creation, two wraps, one refusal; the other key expiring soon is not counted.
    expect(key.operationsTotal).toEqual({ successes: 3, refusals: 1 });
    expect(key.expiringWithin.d30).toBe(0);
    // Who can read payloads, among the keys it sees: none is standard.
    expect(key.posture.find((p) => p.id === 'payload-readers')?.count).toBe(0);
    const reader = await tab.getDashboard(h.as('reader'), { range: '24h' });
    const admin = await tab.getDashboard(h.as('admin'), { range: '24h' });
    // Account events (iam.*) are the Administrator's only: the two grants, the storage instance's
    // authorization and its listing; the Reader's own read came between.
    expect(total(admin) - total(reader)).toBe(2 + 2 + 1);
    // A user with no role here is refused.
    await expectError(tab.getDashboard(h.asUser('user-none')), 401, 'UNAUTHORIZED_ERR');
    await tab.close();
  });
});
