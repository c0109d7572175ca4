/**
 * The guards of key-guards.ts on their own: every state × action of SPEC.md section 4 (the
 * table written out again here, with the codes), then each waiting period at its boundary, dual
 * authorization, and registrations.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import { DAY, HOUR, MINUTE, SECOND } from '../../domain/time';
import type { KeyRecord, RegistrationRecord } from '../store/records';
import {
  requireDeletable,
  requireDeletionCancellable,
  requireDeletionSchedulable,
  requireEnableAllowed,
  requireNotDeleted,
  requirePurgeable,
  requireRestorable,
  requireRootKey,
  requireRotationInterval,
  requireState,
  requireSyncAllowed,
  requireUnprotected,
} from './key-guards';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function key(fields: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'k1',
    instanceId: 'inst',
    name: 'payroll',
    aliases: [],
    keyRingID: 'default',
    state: KeyState.Active,
    extractable: false,
    imported: false,
    crn: 'crn:k1',
    creationDate: NOW - 10 * DAY,
    createdBy: 'user-writer',
    lastUpdateDate: NOW - 10 * DAY,
    currentVersion: { id: 'v1', number: 1, creationDate: NOW - 10 * DAY },
    dualAuthEnabled: false,
    ...fields,
  };
}

/** `ok`, or the refusal as `status CODE`. */
function outcome(guard: () => void): string {
  try {
    guard();
    return 'ok';
  } catch (e) {
    if (e instanceof EngineError) return `${e.status} ${e.code}`;
    throw e;
  }
}

function refusal(guard: () => void): EngineError {
  try {
    guard();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('the guard allowed it');
}

/** One key per state, every waiting period long over (deleted a day ago, disabled a day ago). */
const KEYS = {
  Active: key(),
  Suspended: key({ state: KeyState.Suspended, lastDisabledAt: NOW - DAY }),
  // Stored Active, but past its expiration date: Deactivated, whatever the record says.
  Deactivated: key({ expirationDate: NOW - DAY }),
  Destroyed: key({ state: KeyState.Destroyed, deletionDate: NOW - DAY, deletedBy: 'user-manager' }),
};
type StateName = keyof typeof KEYS;

/** Each action as the engine checks it (the guards it runs, in order), by another user. */
const ACTIONS: Record<string, (k: KeyRecord) => void> = {
  read: (k) => requireState(k, NOW, 'read'),
  wrap: (k) => requireState(k, NOW, 'wrap'),
  unwrap: (k) => requireState(k, NOW, 'unwrap'),
  rewrap: (k) => requireState(k, NOW, 'rewrap'),
  rotate: (k) => {
    requireState(k, NOW, 'rotate');
    requireRotationInterval(k, NOW);
  },
  disable: (k) => requireState(k, NOW, 'disable'),
  enable: (k) => requireEnableAllowed(k, NOW),
  delete: (k) => requireDeletable(k, NOW, 'user-manager'),
  restore: (k) => requireRestorable(k, NOW),
  purge: (k) => requirePurgeable(k, NOW),
  'add alias': (k) => requireNotDeleted(k, NOW, 'adding an alias'),
  'set for deletion': (k) => requireDeletionSchedulable({ ...k, dualAuthEnabled: true }, NOW),
  'unset for deletion': (k) =>
    requireDeletionCancellable(
      { ...k, dualAuthEnabled: true, deletionSetAt: NOW - HOUR, deletionSetBy: 'user-writer' },
      NOW,
    ),
};

const STATE = '409 KEY_ACTION_INVALID_STATE_ERR';

/** SPEC.md section 4, with the refusal each disallowed pair gets. */
const EXPECTED: Record<string, Record<StateName, string>> = {
  read: { Active: 'ok', Suspended: 'ok', Deactivated: 'ok', Destroyed: 'ok' },
  wrap: { Active: 'ok', Suspended: STATE, Deactivated: STATE, Destroyed: STATE },
  unwrap: { Active: 'ok', Suspended: STATE, Deactivated: 'ok', Destroyed: STATE },
  rewrap: { Active: 'ok', Suspended: STATE, Deactivated: 'ok', Destroyed: STATE },
  rotate: { Active: 'ok', Suspended: STATE, Deactivated: 'ok', Destroyed: STATE },
  disable: { Active: 'ok', Suspended: STATE, Deactivated: STATE, Destroyed: STATE },
  enable: { Active: STATE, Suspended: 'ok', Deactivated: STATE, Destroyed: STATE },
  delete: { Active: 'ok', Suspended: 'ok', Deactivated: 'ok', Destroyed: '410 KEY_DELETED_ERR' },
  restore: { Active: STATE, Suspended: STATE, Deactivated: STATE, Destroyed: 'ok' },
  purge: { Active: STATE, Suspended: STATE, Deactivated: STATE, Destroyed: 'ok' },
  'add alias': { Active: 'ok', Suspended: 'ok', Deactivated: 'ok', Destroyed: STATE },
  'set for deletion': { Active: 'ok', Suspended: STATE, Deactivated: STATE, Destroyed: STATE },
  'unset for deletion': { Active: 'ok', Suspended: STATE, Deactivated: STATE, Destroyed: STATE },
};

describe('state × action', () => {
  it.each(Object.keys(EXPECTED))('%s, in every state', (action) => {
    const guard = ACTIONS[action] as (k: KeyRecord) => void;
    const got = Object.fromEntries(
      (Object.keys(KEYS) as StateName[]).map((s) => [s, outcome(() => guard(KEYS[s]))]),
    );
    expect(got).toEqual(EXPECTED[action]);
  });

  it('a state refusal names the state and what it allows', () => {
    expect(refusal(() => requireState(KEYS.Deactivated, NOW, 'wrap')).message).toBe(
      'The key is Expired: wrap is not allowed in that state (allowed: read, rotate, unwrap, rewrap, delete).',
    );
    expect(refusal(() => requireNotDeleted(KEYS.Destroyed, NOW, 'adding an alias')).message).toBe(
      'The key is Deleted: adding an alias is not allowed; restore it first.',
    );
  });

  it('expiration counts on the clock given: a key expiring later is still Active now', () => {
    const later = key({ expirationDate: NOW + 1 });
    expect(outcome(() => requireState(later, NOW, 'wrap'))).toBe('ok');
    expect(outcome(() => requireState(later, NOW + 1, 'wrap'))).toBe(STATE);
  });
});

describe('root keys', () => {
  it('a standard key is refused where a root key is needed (400 KEY_ROOT_REQ_ERR)', () => {
    expect(outcome(() => requireRootKey(key(), 'Rotation'))).toBe('ok');
    const e = refusal(() => requireRootKey(key({ extractable: true }), 'Rotation'));
    expect(`${e.status} ${e.code}`).toBe('400 KEY_ROOT_REQ_ERR');
    expect(e.message).toMatch(/^Rotation needs a root key; "payroll" is a standard key/);
  });
});

describe('waiting periods, at their boundaries', () => {
  it('rotation: once an hour (409 KEY_ROTATION_NOT_PERMITTED), naming when it may again', () => {
    expect(outcome(() => requireRotationInterval(key(), NOW))).toBe('ok');
    const recent = key({ lastRotateDate: NOW - HOUR + 1 });
    const e = refusal(() => requireRotationInterval(recent, NOW));
    expect(`${e.status} ${e.code}`).toBe('409 KEY_ROTATION_NOT_PERMITTED');
    expect(e.message).toContain(`Try again after ${new Date(NOW + 1).toISOString()}`);
    expect(outcome(() => requireRotationInterval(key({ lastRotateDate: NOW - HOUR }), NOW))).toBe(
      'ok',
    );
  });

  it('rotation: the state is checked before the interval', () => {
    const k = key({ state: KeyState.Suspended, lastRotateDate: NOW - MINUTE });
    expect(outcome(() => ACTIONS.rotate?.(k))).toBe(STATE);
  });

  it('enable: 30 seconds after the last disable (409 REQ_TOO_EARLY_ERR)', () => {
    const at = (ago: number) => key({ state: KeyState.Suspended, lastDisabledAt: NOW - ago });
    expect(outcome(() => requireEnableAllowed(at(30 * SECOND - 1), NOW))).toBe(
      '409 REQ_TOO_EARLY_ERR',
    );
    expect(outcome(() => requireEnableAllowed(at(30 * SECOND), NOW))).toBe('ok');
    // A Suspended key with no recorded disable (older data) may be enabled.
    expect(outcome(() => requireEnableAllowed(key({ state: KeyState.Suspended }), NOW))).toBe('ok');
  });

  it('restore: from 30 seconds to 30 days after deletion, never once expired', () => {
    const deleted = (ago: number, fields: Partial<KeyRecord> = {}) =>
      key({ state: KeyState.Destroyed, deletionDate: NOW - ago, ...fields });
    expect(outcome(() => requireRestorable(deleted(30 * SECOND - 1), NOW))).toBe(
      '409 REQ_TOO_EARLY_ERR',
    );
    expect(outcome(() => requireRestorable(deleted(30 * SECOND), NOW))).toBe('ok');
    expect(outcome(() => requireRestorable(deleted(30 * DAY - 1), NOW))).toBe('ok');
    expect(outcome(() => requireRestorable(deleted(30 * DAY), NOW))).toBe(
      '400 KEY_RESTORE_EXPIRED',
    );
    expect(outcome(() => requireRestorable(deleted(DAY, { expirationDate: NOW }), NOW))).toBe(
      '400 KEY_EXPIRED_ERR',
    );
    // A closed window is named before the expiration.
    expect(
      outcome(() => requireRestorable(deleted(31 * DAY, { expirationDate: NOW - DAY }), NOW)),
    ).toBe('400 KEY_RESTORE_EXPIRED');
  });

  it('purge: from 4 hours after deletion (409 REQ_TOO_EARLY_ERR before), naming when', () => {
    const deleted = (ago: number) => key({ state: KeyState.Destroyed, deletionDate: NOW - ago });
    const e = refusal(() => requirePurgeable(deleted(4 * HOUR - 1), NOW));
    expect(`${e.status} ${e.code}`).toBe('409 REQ_TOO_EARLY_ERR');
    expect(e.message).toContain(`from ${new Date(NOW + 1).toISOString()}`);
    expect(outcome(() => requirePurgeable(deleted(4 * HOUR), NOW))).toBe('ok');
  });

  it('sync: an hour after the last notification, naming the minutes left', () => {
    expect(outcome(() => requireSyncAllowed(key(), NOW))).toBe('ok');
    const notified = (ago: number) => key({ lastNotifiedAt: NOW - ago });
    expect(refusal(() => requireSyncAllowed(notified(HOUR - MINUTE), NOW)).message).toMatch(
      /try again in 1 minute\.$/,
    );
    expect(refusal(() => requireSyncAllowed(notified(30 * MINUTE), NOW)).message).toMatch(
      /try again in 30 minutes\.$/,
    );
    expect(outcome(() => requireSyncAllowed(notified(HOUR - 1), NOW))).toBe(
      '409 REQ_TOO_EARLY_ERR',
    );
    expect(outcome(() => requireSyncAllowed(notified(HOUR), NOW))).toBe('ok');
  });
});

describe('dual authorization', () => {
  const dual = (fields: Partial<KeyRecord> = {}) => key({ dualAuthEnabled: true, ...fields });
  const scheduledBy = (userId: string, ago = HOUR) =>
    dual({ deletionSetBy: userId, deletionSetAt: NOW - ago });

  it('scheduling and cancelling need the policy on (409 NOT_DUAL_AUTH_ERR)', () => {
    expect(outcome(() => requireDeletionSchedulable(key(), NOW))).toBe('409 NOT_DUAL_AUTH_ERR');
    expect(outcome(() => requireDeletionCancellable(key(), NOW))).toBe('409 NOT_DUAL_AUTH_ERR');
    // The policy is checked before the state.
    expect(outcome(() => requireDeletionSchedulable(KEYS.Suspended, NOW))).toBe(
      '409 NOT_DUAL_AUTH_ERR',
    );
  });

  it('cancelling needs a scheduled deletion that has not lapsed (7 days)', () => {
    expect(outcome(() => requireDeletionCancellable(dual(), NOW))).toBe(STATE);
    expect(outcome(() => requireDeletionCancellable(scheduledBy('u1', 7 * DAY - 1), NOW))).toBe(
      'ok',
    );
    expect(outcome(() => requireDeletionCancellable(scheduledBy('u1', 7 * DAY), NOW))).toBe(STATE);
  });

  it('delete needs a deletion scheduled by another user, within 7 days', () => {
    const deleteAs = (k: KeyRecord, userId: string) => () => requireDeletable(k, NOW, userId);
    expect(outcome(deleteAs(dual(), 'u2'))).toBe('409 AUTHORIZATIONS_NOT_MET');
    expect(refusal(deleteAs(scheduledBy('u1'), 'u1')).message).toMatch(/two different users/);
    expect(outcome(deleteAs(scheduledBy('u1'), 'u2'))).toBe('ok');
    expect(outcome(deleteAs(scheduledBy('u1', 7 * DAY), 'u2'))).toBe('409 AUTHORIZATIONS_NOT_MET');
    // Without the policy, one user deletes.
    expect(outcome(deleteAs(key(), 'u1'))).toBe('ok');
  });

  it('an already deleted key is 410 before any dual-authorization rule', () => {
    const gone = dual({ state: KeyState.Destroyed, deletionDate: NOW - DAY });
    expect(outcome(() => requireDeletable(gone, NOW, 'u2'))).toBe('410 KEY_DELETED_ERR');
  });
});

describe('registrations on delete', () => {
  const reg = (resource: string, preventKeyDeletion = false): RegistrationRecord => ({
    keyId: 'k1',
    resourceCrn: `crn:bucket:${resource}`,
    keyVersionId: 'v1',
    preventKeyDeletion,
    createdAt: NOW - DAY,
  });

  it('no registrations: nothing to refuse', () => {
    expect(outcome(() => requireUnprotected([], undefined))).toBe('ok');
  });

  it('registered resources need force (409 PROTECTED_RESOURCE_ERR listing them)', () => {
    const e = refusal(() => requireUnprotected([reg('a'), reg('b')], undefined));
    expect(`${e.status} ${e.code}`).toBe('409 PROTECTED_RESOURCE_ERR');
    expect(e.reasons).toEqual(['crn:bucket:a', 'crn:bucket:b']);
    expect(outcome(() => requireUnprotected([reg('a'), reg('b')], false))).toBe(
      '409 PROTECTED_RESOURCE_ERR',
    );
    expect(outcome(() => requireUnprotected([reg('a'), reg('b')], true))).toBe('ok');
  });

  it('a resource preventing deletion refuses even with force, listing only those', () => {
    const e = refusal(() => requireUnprotected([reg('a'), reg('locked', true)], true));
    expect(`${e.status} ${e.code}`).toBe('409 PREV_KEY_DEL_ERR');
    expect(e.reasons).toEqual(['crn:bucket:locked']);
  });
});
