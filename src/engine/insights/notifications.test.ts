/**
 * Notifications (issue 11): appear on the engine clock, are addressed to who may act, and
 * disappear once handled; at scale, the answer lists the most urgent and counts every one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../domain/time';
import type { AccessPolicy, Key } from '../../domain/types';
import type { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { addUser, grant, rawKeys, readAll } from '../test/raw-db';
import { mayNotify } from '../kms/key-cache';
import type { KeyRecord } from '../store/records';
import { notificationsFor } from './notifications';

const iso = (ms: number) => new Date(ms).toISOString();

describe('getNotifications', () => {
  it('warns of expiry and rotation as the clock nears them', async () => {
    const h = await openHarness();
    const expiring = await h.engine.createKey(h.as('writer'), {
      name: 'expiring',
      extractable: false,
      expirationDate: iso(h.clock.now + 45 * DAY),
    });
    const rotating = await h.engine.createKey(h.as('writer'), { name: 'rot', extractable: false });
    await h.engine.putKeyPolicies(h.as('manager'), rotating.id, {
      rotation: { enabled: true, interval_month: 1 },
    });
    const kinds = async () =>
      (await h.engine.getNotifications(h.as('reader'))).notifications.map(
        (n) => `${n.kind}:${n.keyName}`,
      );
    expect(await kinds()).toEqual([]);
    h.clock.advance(26 * DAY);
    expect((await kinds()).sort()).toEqual(['expiring:expiring', 'rotation-due:rot']);
    // The policy rotates the key on day 31 (next due on day 59) and the key expires on day 45:
    // both notices are gone on day 46.
    h.clock.advance(20 * DAY);
    expect(await kinds()).toEqual([]);
    expect((await h.engine.getKeyMetadata(h.as('reader'), expiring.id)).state).toBe(3);
    await h.engine.close();
  });

  it('asks the second Manager to approve a dual-authorization deletion, then clears', async () => {
    const h = await openHarness();
    await addUser(h, 'user-manager2', 'Mia Manager');
    await grant(h, 'user-manager2', 'Manager');
    const engine = await h.openTab();
    const key = await engine.createKey(h.as('writer'), { name: 'guarded', extractable: false });
    await engine.putKeyPolicies(h.as('manager'), key.id, { dualAuthDelete: { enabled: true } });
    await engine.setKeyForDeletion(h.as('manager'), key.id);
    const of = async (userId: string) =>
      (await engine.getNotifications(h.asUser(userId))).notifications.map((n) => n.kind);
    // The one who scheduled it is not asked; the other Manager is; a Reader cannot act.
    expect(await of('user-manager')).toEqual([]);
    expect(await of('user-manager2')).toEqual(['dual-auth-approval']);
    expect(await of('user-reader')).toEqual([]);
    await engine.deleteKey(h.asUser('user-manager2'), key.id);
    expect(await of('user-manager2')).toEqual([]);
    // Deleted: after 4 hours the KeyPurge holder (Ada) may purge; 23 days on, restore is ending.
    h.clock.advance(4 * HOUR);
    expect(await of('user-admin')).toEqual(['purge-possible']);
    h.clock.advance(24 * DAY);
    expect((await of('user-manager')).sort()).toEqual(['restore-ending']);
    await engine.restoreKey(h.as('manager'), key.id);
    expect(await of('user-manager')).toEqual([]);
    expect(await of('user-admin')).toEqual([]);
    await engine.close();
    await h.engine.close();
  });
});

type Step =
  | { kind: 'create'; root: boolean; team: boolean; expiresInDays?: number; rotate?: number }
  | { kind: 'delete' | 'disable'; pick: number }
  | { kind: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    root: fc.boolean(),
    team: fc.boolean(),
    expiresInDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    rotate: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'disable' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('advance' as const),
    ms: fc.constantFrom(HOUR, 5 * HOUR, DAY, 6 * DAY, 20 * DAY),
  }),
);

async function play(h: Harness, engine: Engine, steps: Step[]): Promise<void> {
  const ids: string[] = [];
  for (const step of steps) {
    if (step.kind === 'advance') {
      h.clock.advance(step.ms);
      continue;
    }
    if (step.kind === 'create') {
      const key = await engine.createKey(h.as('writer'), {
        name: `k${ids.length}`,
        extractable: !step.root,
        ...(step.team ? { keyRingID: 'team' } : {}),
        ...(step.expiresInDays
          ? { expirationDate: iso(h.clock.now + step.expiresInDays * DAY) }
          : {}),
      });
      ids.push(key.id);
      if (step.root && step.rotate)
        await engine.putKeyPolicies(h.as('manager'), key.id, {
          rotation: { enabled: true, interval_month: step.rotate },
        });
      continue;
    }
    const id = ids[step.pick % Math.max(ids.length, 1)];
    if (!id) continue;
    // Some are refused (a key already deleted or expired): that changes nothing.
    await (
      step.kind === 'delete'
        ? engine.deleteKey(h.as('manager'), id)
        : engine.disableKey(h.as('manager'), id)
    ).catch(() => undefined);
  }
}

/** The recount, from the keys the user may list (API shapes only) and the user's known rights. */
function recount(keys: Key[], now: number, rights: { manage: boolean; purge: boolean }) {
  const within = (date: string | undefined, ms: number) =>
    date !== undefined && Date.parse(date) > now && Date.parse(date) <= now + ms;
  const live = keys.filter((k) => k.state === 1 || k.state === 2 || k.state === 3);
  const deleted = keys.filter((k) => k.state === 5 && k.deletionDate !== undefined);
  return {
    expiring: live.filter((k) => within(k.expirationDate, 30 * DAY)).length,
    'rotation-due': live.filter((k) => within(k.nextRotationDate, 7 * DAY)).length,
    'restore-ending': rights.manage
      ? deleted.filter(
          (k) =>
            within(iso(Date.parse(k.deletionDate ?? '') + 30 * DAY), 7 * DAY) &&
            !(k.expirationDate !== undefined && Date.parse(k.expirationDate) <= now),
        ).length
      : 0,
    'purge-possible': rights.purge
      ? deleted.filter((k) => Date.parse(k.deletionDate ?? '') + 4 * HOUR <= now).length
      : 0,
    'dual-auth-approval': 0,
    'ack-failed': 0,
  };
}

/** A harness with a `team` ring and Rita, who may read only that ring (a tab opened after). */
async function withRingReader(): Promise<{ h: Harness; engine: Engine }> {
  const h = await openHarness();
  await h.engine.createKeyRing(h.as('writer'), 'team');
  await addUser(h, 'user-ring-reader', 'Rita RingReader');
  await grant(h, 'user-ring-reader', 'Reader', { keyRingID: 'team' });
  const engine = await h.openTab();
  await h.engine.close();
  return { h, engine };
}

describe('getNotifications at scale: a bounded list with exact totals', () => {
  // Rights of the users asked (SPEC roles): Ada is an Administrator with Reader and KeyPurge (no
  // Manager: she may purge, not restore), Max is a Manager, Rita reads one ring only.
  const USERS = [
    { id: 'user-admin', manage: false, purge: true },
    { id: 'user-manager', manage: true, purge: false },
    { id: 'user-reader', manage: false, purge: false },
    { id: 'user-ring-reader', manage: false, purge: false },
  ];

  it('totals equal a recount over random keys, for each user; the list is their most urgent prefix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, limit) => {
          const { h, engine } = await withRingReader();
          await play(h, engine, steps);
          for (const user of USERS) {
            const as = h.asUser(user.id);
            const full = await engine.getNotifications(as, { limit: 500 });
            const bounded = await engine.getNotifications(as, { limit });
            const keys = (await engine.listKeys(as, { state: [1, 2, 3, 5], limit: 5000 })).keys;
            const expected = recount(keys, h.clock.now, user);
            expect([user.id, full.totals]).toEqual([user.id, expected]);
            expect(full.total).toBe(full.notifications.length);
            expect(bounded.total).toBe(full.total);
            expect(bounded.totals).toEqual(full.totals);
            expect(bounded.notifications).toEqual(full.notifications.slice(0, limit));
            // Earliest first; only keys this user may list.
            const ats = full.notifications.map((n) => n.at);
            expect(ats).toEqual([...ats].sort());
            const listed = new Set(keys.map((k) => k.id));
            for (const n of full.notifications) expect(listed.has(n.keyId)).toBe(true);
            // The panel's "more" links: the keys page's filters list exactly these keys.
            const expiring = await engine.listKeys(as, { expiringWithinDays: 30, limit: 1 });
            expect(expiring.total).toBe(full.totals.expiring);
            const rotation = await engine.listKeys(as, { rotationDueWithinDays: 7, limit: 1 });
            expect(rotation.total).toBe(full.totals['rotation-due']);
          }
          await engine.close();
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);

  it('lists 50 of 60 by default, earliest first, and counts every one', async () => {
    const h = await openHarness();
    const now = h.clock.now;
    const created = await h.engine.createKeys(
      h.as('manager'),
      Array.from({ length: 60 }, (_, i) => ({
        name: `soon-${i}`,
        extractable: false,
        // Created in reverse: the list must sort, not keep creation order.
        expirationDate: iso(now + (60 - i) * HOUR),
      })),
    );
    expect(created.every((c) => c.ok)).toBe(true);
    const answer = await h.engine.getNotifications(h.as('reader'));
    expect(answer.notifications).toHaveLength(50);
    expect(answer.total).toBe(60);
    expect(answer.totals.expiring).toBe(60);
    expect(answer.notifications[0]?.keyName).toBe('soon-59');
    expect(answer.notifications[49]?.keyName).toBe('soon-10');
    expect((await h.engine.getNotifications(h.as('reader'), { limit: 5 })).notifications).toEqual(
      answer.notifications.slice(0, 5),
    );
    await expectError(
      h.engine.getNotifications(h.as('reader'), { limit: 0 }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.getNotifications(h.as('reader'), { limit: 501 }),
      400,
      'INVALID_FIELD_ERR',
    );
    await h.engine.close();
  });

  it('a user never sees nor counts a key they may not read', async () => {
    const { h, engine } = await withRingReader();
    const soon = iso(h.clock.now + 5 * DAY);
    await engine.createKey(h.as('writer'), {
      name: 'team',
      extractable: false,
      keyRingID: 'team',
      expirationDate: soon,
    });
    for (let i = 0; i < 3; i++)
      await engine.createKey(h.as('writer'), {
        name: `other-${i}`,
        extractable: false,
        expirationDate: soon,
      });
    const rita = await engine.getNotifications(h.asUser('user-ring-reader'));
    expect(rita.notifications.map((n) => n.keyName)).toEqual(['team']);
    expect(rita.total).toBe(1);
    expect(rita.totals.expiring).toBe(1);
    expect((await engine.getNotifications(h.as('reader'))).total).toBe(4);
    await engine.close();
  });
});

describe('getNotifications from the key cache index of keys that may notify (issue 16)', () => {
  /** The same answer computed over every stored key (the scan the index replaces). */
  async function scanned(h: Harness, userId: string) {
    const policies = (await readAll<AccessPolicy>(h, 'accessPolicies')).filter(
      (p) => p.userId === userId,
    );
    return notificationsFor({
      userId,
      policies,
      keys: (await rawKeys(h)).filter((k) => k.instanceId === h.instanceId),
      ackFailures: [],
      now: h.clock.now,
      limit: 500,
    });
  }

  it('answers as a scan of every stored key after creates, rotations, state changes, deletions and another tab’s writes', async () => {
    const h = await openHarness({ linked: true });
    // Two linked tabs: `viewer` answers, writing itself and hearing of h.engine's writes.
    const viewer = await h.openTab();
    const users = ['user-admin', 'user-manager', 'user-reader'];
    const check = async (step: string) => {
      await h.settle();
      for (const userId of users) {
        const answer = await viewer.getNotifications(h.asUser(userId), { limit: 500 });
        expect([step, userId, answer]).toEqual([step, userId, await scanned(h, userId)]);
      }
    };
    const make = (engine: Engine, name: string, days?: number) =>
      engine.createKey(h.as('writer'), {
        name,
        extractable: false,
        ...(days === undefined ? {} : { expirationDate: iso(h.clock.now + days * DAY) }),
      });
    // The cache is complete (first read) before the writes, so each is an update of the index.
    await check('empty');
    const plain = await make(viewer, 'plain');
    const expiring = await make(viewer, 'expiring', 40);
    await check('created');
    await viewer.putKeyPolicies(h.as('manager'), plain.id, {
      rotation: { enabled: true, interval_month: 1 },
    });
    h.clock.advance(25 * DAY);
    await check('rotation due, expiring');
    await viewer.rotate(h.as('writer'), plain.id);
    await check('rotated');
    await viewer.disableKey(h.as('manager'), expiring.id);
    await check('disabled');
    h.clock.advance(60_000);
    await viewer.enableKey(h.as('manager'), expiring.id);
    await viewer.deleteKey(h.as('manager'), plain.id);
    h.clock.advance(5 * HOUR);
    await check('deleted: purge possible');
    await viewer.restoreKey(h.as('manager'), plain.id);
    await check('restored');
    // Another tab's writes: a new expiring key, a deletion, a purge; this tab's cache hears notices.
    const other = await make(h.engine, 'other-tab', 10);
    await h.engine.deleteKey(h.as('manager'), expiring.id);
    await check('other tab: created, deleted');
    h.clock.advance(5 * HOUR);
    await h.engine.purgeKey(h.as('admin'), expiring.id);
    await h.engine.deleteKey(h.as('manager'), other.id);
    await check('other tab: purged, deleted');
    h.clock.advance(25 * DAY);
    await check('later');
    await h.engine.close();
    await viewer.close();
  });

  it('mayNotify holds for every key any notification can come from, at any time', () => {
    fc.assert(
      fc.property(
        fc.record({
          state: fc.constantFrom(1, 2, 3, 5),
          expiration: fc.option(fc.integer({ min: -40, max: 40 }), { nil: undefined }),
          rotation: fc.option(fc.integer({ min: -40, max: 40 }), { nil: undefined }),
          deletionSet: fc.option(fc.integer({ min: -2, max: 0 }), { nil: undefined }),
          deleted: fc.option(fc.integer({ min: -40, max: 0 }), { nil: undefined }),
        }),
        (r) => {
          const now = 1_000 * DAY;
          const key = {
            id: '00000000-0000-4000-8000-000000000001',
            instanceId: 'i',
            name: 'k',
            aliases: [],
            keyRingID: 'default',
            state: r.state,
            extractable: false,
            imported: false,
            crn: 'crn',
            creationDate: now - 100 * DAY,
            createdBy: 'someone',
            lastUpdateDate: now - 100 * DAY,
            currentVersion: { id: 'v', number: 1, creationDate: now - 100 * DAY },
            dualAuthEnabled: true,
            ...(r.expiration !== undefined ? { expirationDate: now + r.expiration * DAY } : {}),
            ...(r.rotation !== undefined ? { rotationDueAt: now + r.rotation * DAY } : {}),
            ...(r.deletionSet !== undefined
              ? { deletionSetAt: now + r.deletionSet * HOUR, deletionSetBy: 'other' }
              : {}),
            ...(r.deleted !== undefined ? { deletionDate: now + r.deleted * DAY } : {}),
          } as unknown as KeyRecord;
          const found = notificationsFor({
            userId: 'me',
            policies: [
              { id: 'p', userId: 'me', role: 'Manager', scope: { instanceId: 'i' }, createdAt: '' },
            ],
            keys: [key],
            ackFailures: [],
            now,
          });
          if (!mayNotify(key)) expect(found.total).toBe(0);
        },
      ),
    );
  });
});
