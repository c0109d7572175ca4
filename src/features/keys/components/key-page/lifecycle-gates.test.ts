/** The key page's lifecycle gates: role first, then state, the hour between rotations, dual auth. */
import { describe, expect, it } from 'vitest';
import { KeyState } from '../../../../domain/key-state';
import { HOUR, MINUTE } from '../../../../domain/time';
import { formatDate, formatTime } from '../../../../components/format';
import { testKey, testPermissions } from '../../test-key';
import { lifecycleButtons, lifecycleGates, rotateGate, rotationWait } from './lifecycle-gates';

const now = Date.parse('2026-12-02T10:30:00.000Z');
const rotatedAt = (ms: number) => testKey(1, { lastRotateDate: new Date(ms).toISOString() });

describe('rotateGate (once an hour, SPEC section 4)', () => {
  const writer = testPermissions('Writer').write;

  it('within the hour of the last rotation: disabled, saying when it was and from when again', () => {
    const last = now - 20 * MINUTE;
    expect(rotationWait(rotatedAt(last), now)).toEqual({ last, from: last + HOUR });
    expect(rotateGate(rotatedAt(last), writer, now)).toEqual({
      allowed: false,
      reason: `A key can be rotated once an hour. It was last rotated ${formatDate(last, true)}; rotate it again from ${formatTime(last + HOUR, true)} (in 40 minutes).`,
    });
  });

  it('an hour after the last rotation, or never rotated: allowed', () => {
    expect(rotateGate(rotatedAt(now - HOUR), writer, now)).toEqual({ allowed: true });
    expect(rotationWait(rotatedAt(now - HOUR), now)).toBeUndefined();
    expect(rotateGate(testKey(1), writer, now)).toEqual({ allowed: true });
  });

  it('the role comes first, then the state, then the hour', () => {
    const reader = testPermissions('Reader').write;
    expect(rotateGate(rotatedAt(now - MINUTE), reader, now)).toEqual({
      allowed: false,
      needs: 'Writer',
      reason: 'Rotating a key needs the Writer role.',
    });
    const disabled = testKey(1, {
      state: KeyState.Suspended,
      lastRotateDate: new Date(now - MINUTE).toISOString(),
    });
    expect(rotateGate(disabled, writer, now)?.reason).toBe('A Disabled key cannot be rotated.');
  });

  it('while the role is being checked: no answer yet', () => {
    expect(rotateGate(testKey(1), undefined, now)).toBeUndefined();
  });
});

describe('lifecycleGates', () => {
  const manager = testPermissions('Manager');

  it('dual authorization: delete waits for a schedule, then for a different user', () => {
    const unscheduled = testKey(1, {
      dualAuthDelete: { enabled: true, keySetForDeletion: false },
    });
    expect(lifecycleGates(unscheduled, manager, now, 'user-manager').delete?.reason).toMatch(
      /must first schedule the deletion/,
    );
    const scheduled = testKey(1, {
      dualAuthDelete: { enabled: true, keySetForDeletion: true, setBy: 'user-manager' },
    });
    expect(lifecycleGates(scheduled, manager, now, 'user-manager').delete?.reason).toMatch(
      /You scheduled this deletion/,
    );
    expect(lifecycleGates(scheduled, manager, now, 'user-other').delete).toEqual({
      allowed: true,
    });
  });

  it('a deleted key: restore within its window, purge from 4 hours after deletion', () => {
    const purgeFrom = new Date(now + 3 * HOUR).toISOString();
    const deleted = testKey(1, {
      state: KeyState.Destroyed,
      restoreAllowed: true,
      purgeAllowed: false,
      purgeAllowedFrom: purgeFrom,
    });
    const gates = lifecycleGates(deleted, { ...manager, purge: { allowed: true } }, now, 'u');
    expect(gates.restore).toEqual({ allowed: true });
    expect(gates.purge?.reason).toBe(
      `A deleted key can be purged 4 hours after deletion: from ${formatDate(purgeFrom)} (in 3 hours).`,
    );
    const expired = { ...deleted, restoreAllowed: false, expirationDate: '2026-01-01T00:00:00Z' };
    expect(lifecycleGates(expired, manager, now, 'u').restore?.reason).toMatch(
      /passed its expiration date/,
    );
  });

  it('a Reader: every lifecycle action names the role it needs', () => {
    const gates = lifecycleGates(testKey(1), testPermissions('Reader'), now, 'user-reader');
    expect(gates.disable).toMatchObject({ allowed: false, needs: 'Manager' });
    expect(gates.delete?.reason).toBe('Deleting a key needs the Manager role.');
    expect(gates.rotate?.reason).toBe('Rotating a key needs the Writer role.');
  });
});

describe('lifecycleButtons', () => {
  it('follows the state and key type', () => {
    expect(lifecycleButtons(testKey(1))).toEqual(['rotate', 'disable', 'delete']);
    expect(lifecycleButtons(testKey(1, { extractable: true }))).toEqual(['disable', 'delete']);
    expect(lifecycleButtons(testKey(1, { state: KeyState.Suspended }))).toEqual([
      'rotate',
      'enable',
      'delete',
    ]);
    expect(lifecycleButtons(testKey(1, { state: KeyState.Destroyed }))).toEqual([
      'restore',
      'purge',
    ]);
    const dual = (keySetForDeletion: boolean) =>
      lifecycleButtons(testKey(1, { dualAuthDelete: { enabled: true, keySetForDeletion } }));
    expect(dual(false)).toEqual(['rotate', 'disable', 'scheduleDeletion', 'delete']);
    expect(dual(true)).toEqual(['rotate', 'disable', 'cancelDeletion', 'delete']);
  });
});
