/**
 * SPEC.md sections 5, 7 and 13: the rotation policy of generated root keys (1–12 months, Manager),
 * the instance's rotation default at key creation, and rotation on the engine clock — on calls,
 * on "advance time", on open after the app was closed (once, however many intervals passed), on
 * a timer, skipped while the key cannot rotate, and seen by other tabs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyState } from '../../domain/key-state';
import { addRotationMonths } from '../../domain/rotation';
import { DAY, HOUR, SECOND } from '../../domain/time';
import type { LegacyInstancePolicies } from '../../domain/instance-policies';
import { DEFAULT_KEY_CREATE_IMPORT_ACCESS, type AuditEvent, type Key } from '../../domain/types';

const LEGACY_DEFAULTS: LegacyInstancePolicies = {
  dualAuthDelete: { enabled: false },
  rotation: { enabled: false, interval_month: 1 },
  keyCreateImportAccess: DEFAULT_KEY_CREATE_IMPORT_ACCESS,
};
import type { ServiceInstanceRecord } from '../store/records';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { storageFullOn } from '../test/storage-full';
import { rawEvents, rawKeys, rawVersions, snapshot, updateRecord } from '../test/raw-db';

let h: Harness;
let key: Key;
let created: number;
const m = () => h.as('manager');
const iso = (ms: number) => new Date(ms).toISOString();
const SYSTEM = { id: 'system', name: 'Keyward (rotation policy)', roles: [] };

async function systemRotations(): Promise<AuditEvent[]> {
  await h.engine.flushEvents();
  return (await rawEvents(h)).filter(
    (e) => e.action === 'kms.secrets.rotate' && e.initiator.id === 'system',
  );
}

async function versionCount(keyId = key.id): Promise<number> {
  return (await rawVersions(h)).filter((v) => v.keyId === keyId).length;
}

beforeEach(async () => {
  h = await openHarness();
  created = h.clock.now; // 2026-01-01T00:00:00Z
  key = await h.engine.createKey(h.as('writer'), { name: 'rotating', extractable: false });
});

describe('rotation policy (putKeyPolicies / getKeyPolicies)', () => {
  it('a Manager sets it; the key shows its next rotation date, interval months of 30 days on', async () => {
    const policies = await h.engine.putKeyPolicies(m(), key.id, {
      rotation: { enabled: true, interval_month: 3 },
    });
    expect(policies).toEqual({
      dualAuthDelete: { enabled: false },
      rotation: { enabled: true, interval_month: 3 },
    });
    expect(await h.engine.getKeyPolicies(m(), key.id)).toEqual(policies);
    const meta = await h.engine.getKeyMetadata(h.as('reader'), key.id);
    expect(meta.nextRotationDate).toBe('2026-04-01T00:00:00.000Z');
    await h.engine.flushEvents();
    expect((await rawEvents(h)).find((e) => e.action === 'kms.policies.write')).toMatchObject({
      outcome: 'success',
      target: { keyId: key.id },
    });
  });

  it('switching it off removes the next rotation date; dual authorization stays as it was', async () => {
    await h.engine.putKeyPolicies(m(), key.id, { dualAuthDelete: { enabled: true } });
    await h.engine.putKeyPolicies(m(), key.id, { rotation: { enabled: true, interval_month: 1 } });
    const off = await h.engine.putKeyPolicies(m(), key.id, {
      rotation: { enabled: false, interval_month: 1 },
    });
    expect(off).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: false, interval_month: 1 },
    });
    expect(await h.engine.getKeyMetadata(m(), key.id)).not.toHaveProperty('nextRotationDate');
    expect((await rawKeys(h))[0]).not.toHaveProperty('rotationDueAt');
    h.clock.advance(40 * DAY);
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(1);
  });

  it('both policies can be set in one call', async () => {
    expect(
      await h.engine.putKeyPolicies(m(), key.id, {
        dualAuthDelete: { enabled: true },
        rotation: { enabled: true, interval_month: 12 },
      }),
    ).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: true, interval_month: 12 },
    });
    // Twelve months of 30 days (Key Protect's unit): 360 days, not a calendar year.
    expect((await h.engine.getKeyMetadata(m(), key.id)).nextRotationDate).toBe(
      '2026-12-27T00:00:00.000Z',
    );
  });

  it.each([
    [
      { enabled: true, interval_month: 0 },
      'rotation.interval_month: rotate every 1–12 months (this is 0)',
    ],
    [
      { enabled: true, interval_month: 13 },
      'rotation.interval_month: rotate every 1–12 months (this is 13)',
    ],
    [
      { enabled: true, interval_month: 2.5 },
      'rotation.interval_month: give a whole number of months from 1 to 12',
    ],
    [{ enabled: true }, 'rotation.interval_month: give a whole number of months from 1 to 12'],
    [{ interval_month: 3 }, 'rotation.enabled: must be true or false'],
    [null, 'rotation: must be an object'],
  ])('refuses the rotation policy %j: 400, nothing stored', async (rotation, message) => {
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(
      h.engine.putKeyPolicies(m(), key.id, { rotation: rotation as never }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toBe(message);
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR');
  });

  it('standard keys and imported keys have no rotation policy: 400, nothing stored', async () => {
    const standard = await h.engine.createKey(h.as('writer'), { name: 'std', extractable: true });
    expect(await h.engine.getKeyPolicies(m(), standard.id)).toEqual({
      dualAuthDelete: { enabled: false },
    });
    await h.engine.flushEvents();
    let before = await snapshot(h);
    const e = await expectError(
      h.engine.putKeyPolicies(m(), standard.id, { rotation: { enabled: true, interval_month: 1 } }),
      400,
      'KEY_ROOT_REQ_ERR',
    );
    expect(e.message).toMatch(/^A rotation policy needs a root key; "std" is a standard key/);
    await expectUnchanged(h, before, 'KEY_ROOT_REQ_ERR');

    // An imported root key (made imported below the engine: import is another area's).
    await updateRecord<{ imported: boolean }>(h, 'keys', key.id, (k) => ({ ...k, imported: true }));
    const tab = await h.openTab();
    expect(await tab.getKeyPolicies(m(), key.id)).toEqual({ dualAuthDelete: { enabled: false } });
    await tab.flushEvents();
    before = await snapshot(h);
    const imported = await expectError(
      tab.putKeyPolicies(m(), key.id, { rotation: { enabled: true, interval_month: 1 } }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(imported.message).toMatch(/generated root keys only; "rotating" is imported/);
  });

  it('needs Manager: Writer and Reader are refused, reading too', async () => {
    for (const persona of ['writer', 'reader'] as const) {
      const e = await expectError(
        h.engine.putKeyPolicies(h.as(persona), key.id, {
          rotation: { enabled: true, interval_month: 1 },
        }),
        401,
        'UNAUTHORIZED_ERR',
      );
      expect(e.message).toMatch(/this needs the Manager role\.$/);
      await expectError(h.engine.getKeyPolicies(h.as(persona), key.id), 401, 'UNAUTHORIZED_ERR');
    }
    expect((await rawKeys(h))[0]).not.toHaveProperty('rotation');
  });

  it('a deleted key’s policy cannot be changed', async () => {
    await h.engine.deleteKey(m(), key.id);
    await expectError(
      h.engine.putKeyPolicies(m(), key.id, { rotation: { enabled: true, interval_month: 1 } }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });
});

describe('rotation on the engine clock', () => {
  beforeEach(async () => {
    await h.engine.putKeyPolicies(m(), key.id, { rotation: { enabled: true, interval_month: 1 } });
  });

  it('rotates when due (one month: 30 days from 1 January, as Key Protect counts), audited as the system', async () => {
    const due = Date.UTC(2026, 0, 31);
    expect(due - created).toBe(30 * DAY);
    h.clock.advance(30 * DAY - 1);
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(1);
    h.clock.advance(1);
    const meta = await h.engine.getKeyMetadata(m(), key.id);
    expect(await versionCount()).toBe(2);
    expect(meta.keyVersion.id).not.toBe(key.keyVersion.id);
    expect(meta.lastRotateDate).toBe(iso(due));
    expect(meta.nextRotationDate).toBe('2026-03-02T00:00:00.000Z');
    const versions = await h.engine.getKeyVersions(m(), key.id);
    expect(versions.versions.map((v) => [v.number, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const events = await systemRotations();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      time: iso(due),
      initiator: SYSTEM,
      target: { crn: key.crn, keyId: key.id, instanceId: h.instanceId },
      outcome: 'success',
    });
    expect((await h.engine.verifyEvents(m())).ok).toBe(true);
  });

  it('old ciphertexts still unwrap after a scheduled rotation, rewrapped to the new version', async () => {
    const wrapped = await h.engine.wrap(m(), key.id);
    h.clock.advance(31 * DAY);
    const unwrapped = await h.engine.unwrap(m(), key.id, { ciphertext: wrapped.ciphertext });
    expect(unwrapped.plaintext).toBe(wrapped.plaintext);
    expect(unwrapped.rewrappedKeyVersion?.id).not.toBe(key.keyVersion.id);
  });

  it('"advance time" by a month rotates at once', async () => {
    await h.engine.advanceTime(h.as('admin'), 31 * DAY);
    expect(await versionCount()).toBe(2);
    expect(await systemRotations()).toHaveLength(1);
    // The next month (30 days on) rotates again, the one after that too.
    await h.engine.advanceTime(h.as('admin'), 29 * DAY);
    expect(await versionCount()).toBe(2);
    await h.engine.advanceTime(h.as('admin'), DAY);
    expect(await versionCount()).toBe(3);
    await h.engine.advanceTime(h.as('admin'), 31 * DAY);
    expect(await versionCount()).toBe(4);
  });

  it('closed while several intervals passed: on reopening it rotates once, next an interval later', async () => {
    await h.engine.close();
    h.clock.advance(200 * DAY); // 2026-07-20
    const reopened = await h.openTab();
    // Opening alone rotates, before any call.
    expect(await versionCount()).toBe(2);
    const stored = (await rawKeys(h))[0];
    expect(stored?.lastRotateDate).toBe(created + 200 * DAY);
    expect(stored?.rotationDueAt).toBe(addRotationMonths(created + 200 * DAY, 1));
    const meta = await reopened.getKeyMetadata(m(), key.id);
    expect(meta.nextRotationDate).toBe('2026-08-19T00:00:00.000Z');
    await reopened.flushEvents();
    const events = (await rawEvents(h)).filter((e) => e.initiator.id === 'system');
    expect(events).toHaveLength(1);
    await reopened.close();
  });

  it('a manual rotation restarts the interval', async () => {
    h.clock.advance(15 * DAY);
    await h.engine.rotate(h.as('writer'), key.id);
    const rotatedAt = h.clock.now;
    expect((await h.engine.getKeyMetadata(m(), key.id)).nextRotationDate).toBe(
      iso(addRotationMonths(rotatedAt, 1)),
    );
    h.clock.advance(20 * DAY); // past the first due date, not past the new one
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(2);
    h.clock.advance(11 * DAY);
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(3);
    expect(await systemRotations()).toHaveLength(1);
  });

  it('a key that cannot rotate when due (Disabled) is skipped, recorded, and tried an interval later', async () => {
    await h.engine.disableKey(m(), key.id);
    h.clock.advance(31 * DAY);
    const meta = await h.engine.getKeyMetadata(m(), key.id);
    expect(meta.state).toBe(KeyState.Suspended);
    expect(await versionCount()).toBe(1);
    expect(meta.nextRotationDate).toBe('2026-03-03T00:00:00.000Z');
    const [skip] = await systemRotations();
    expect(skip).toMatchObject({
      outcome: 'failure',
      initiator: SYSTEM,
      reason: {
        status: 409,
        code: 'KEY_ACTION_INVALID_STATE_ERR',
        message:
          'Scheduled rotation skipped: the key is Disabled. The next scheduled rotation is at 2026-03-03T00:00:00.000Z.',
      },
    });
    // Enabled again: the next date rotates it.
    await h.engine.enableKey(m(), key.id);
    h.clock.advance(30 * DAY);
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(2);
  });

  it('a policy set on a key whose interval has already passed rotates it on the next call', async () => {
    const old = await h.engine.createKey(h.as('writer'), { name: 'old-key', extractable: false });
    h.clock.advance(100 * DAY);
    await h.engine.putKeyPolicies(m(), old.id, { rotation: { enabled: true, interval_month: 2 } });
    expect(await versionCount(old.id)).toBe(1);
    await h.engine.getKeyMetadata(m(), old.id);
    expect(await versionCount(old.id)).toBe(2);
  });

  it('with the app open and no calls, a timer rotates the key when it falls due', async () => {
    const due = Date.UTC(2026, 0, 31);
    h.clock.now = due - 40;
    const tab = await h.openTab(); // looks the next date up: 40 ms away
    h.clock.now = due;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await versionCount()).toBe(2);
    await tab.close();
  });

  it('another tab sees a scheduled rotation at once (change notice)', async () => {
    const linked = await openHarness({ linked: true });
    const k = await linked.engine.createKey(linked.as('writer'), {
      name: 'shared',
      extractable: false,
    });
    await linked.engine.putKeyPolicies(linked.as('manager'), k.id, {
      rotation: { enabled: true, interval_month: 1 },
    });
    const other = await linked.openTab();
    expect((await other.getKeyMetadata(linked.as('reader'), k.id)).keyVersion.id).toBe(
      k.keyVersion.id,
    );
    linked.clock.advance(31 * DAY);
    await linked.engine.getSession(); // this tab rotates it
    await linked.settle();
    // The other tab's cached copy was dropped: it reads the new version (and does not rotate again).
    const seen = await other.getKeyMetadata(linked.as('reader'), k.id);
    expect(seen.keyVersion.id).not.toBe(k.keyVersion.id);
    const versions = (await rawVersions(linked)).filter((v) => v.keyId === k.id);
    expect(versions).toHaveLength(2);
  });

  it('two tabs due at once rotate the key once', async () => {
    const other = await h.openTab();
    h.clock.advance(31 * DAY);
    await Promise.all([h.engine.listKeys(m()), other.listKeys(m())]);
    expect(await versionCount()).toBe(2);
    expect(await systemRotations()).toHaveLength(1);
  });

  it('storage full when due: nothing half-rotated; the next call after space is freed rotates', async () => {
    h.clock.advance(31 * DAY);
    const restore = storageFullOn('keyVersions');
    try {
      await expectError(h.engine.listKeys(m()), 507, 'STORAGE_FULL_ERR');
    } finally {
      restore();
    }
    expect(await versionCount()).toBe(1);
    expect((await rawKeys(h))[0]?.lastRotateDate).toBeUndefined();
    expect(await systemRotations()).toHaveLength(0);
    await h.engine.listKeys(m());
    expect(await versionCount()).toBe(2);
    expect(await systemRotations()).toHaveLength(1);
    expect((await h.engine.verifyEvents(m())).ok).toBe(true);
  });

  it('a scheduled rotation never breaks the once-an-hour rule for manual ones', async () => {
    h.clock.advance(31 * DAY);
    await h.engine.listKeys(m());
    h.clock.advance(30 * 60 * SECOND);
    await expectError(h.engine.rotate(h.as('writer'), key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');
    h.clock.advance(HOUR);
    await h.engine.rotate(h.as('writer'), key.id);
    expect(await versionCount()).toBe(3);
  });
});

describe("the instance's rotation default", () => {
  it('new generated root keys take it at creation; standard keys do not', async () => {
    await updateRecord<ServiceInstanceRecord>(h, 'instances', h.instanceId, (i) => ({
      ...i,
      // Stored as before issue 13 (read through the conversion): interval_month on the policy.
      policies: { ...LEGACY_DEFAULTS, rotation: { enabled: true, interval_month: 6 } },
    }));
    const tab = await h.openTab();
    const root = await tab.createKey(h.as('writer'), { name: 'after', extractable: false });
    expect(root.nextRotationDate).toBe('2026-06-30T00:00:00.000Z'); // 6 × 30 days
    expect(await tab.getKeyPolicies(m(), root.id)).toEqual({
      dualAuthDelete: { enabled: false },
      rotation: { enabled: true, interval_month: 6 },
    });
    const standard = await tab.createKey(h.as('writer'), { name: 'std', extractable: true });
    expect(standard).not.toHaveProperty('nextRotationDate');
    // Keys created before keep theirs (none).
    expect(await tab.getKeyMetadata(m(), key.id)).not.toHaveProperty('nextRotationDate');
    // The engine that created it rotates it when due (nothing else told it a key is due).
    h.clock.advance(180 * DAY - 1);
    await tab.listKeys(m());
    expect(await versionCount(root.id)).toBe(1);
    h.clock.advance(1);
    await tab.listKeys(m());
    expect(await versionCount(root.id)).toBe(2);
    expect(await versionCount()).toBe(1);
  });

  it('set through putInstancePolicies, it applies to the very next key of the same tab', async () => {
    await h.engine.putInstancePolicies(m(), {
      rotation: { enabled: true, attributes: { interval_month: 3 } },
    });
    const root = await h.engine.createKey(h.as('writer'), { name: 'next', extractable: false });
    expect(await h.engine.getKeyPolicies(m(), root.id)).toMatchObject({
      rotation: { enabled: true, interval_month: 3 },
    });
    expect(root.nextRotationDate).toBeDefined();
  });

  it('a disabled default gives no policy', async () => {
    await updateRecord<ServiceInstanceRecord>(h, 'instances', h.instanceId, (i) => ({
      ...i,
      policies: { ...LEGACY_DEFAULTS, rotation: { enabled: false, interval_month: 6 } },
    }));
    const tab = await h.openTab();
    const root = await tab.createKey(h.as('writer'), { name: 'after', extractable: false });
    expect(root).not.toHaveProperty('nextRotationDate');
  });
});
