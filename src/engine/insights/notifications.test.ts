/**
 * Notifications (issue 11): appear on the engine clock, are addressed to who may act, and
 * disappear once handled.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../domain/time';
import { openHarness } from '../test/harness';
import { addUser, grant } from '../test/raw-db';

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
