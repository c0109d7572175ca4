/**
 * The header's notifications (SPEC section 15), on the engine clock, for the acting user: keys
 * expiring soon, rotations due, deletion windows closing (restore ends, purge possible),
 * dual-authorization deletions waiting for this user's approval, lifecycle notifications a
 * service failed to acknowledge. Each exists only while its condition holds, so it disappears
 * once handled (key restored or purged, deletion approved or cancelled, rotation done, …).
 * A user is told only of keys they may act on (or read, for the informational kinds).
 */
import type { KeywardNotification } from '../../domain/insights';
import { KeyState } from '../../domain/key-state';
import { DAY, PURGE_AFTER_DELETE } from '../../domain/time';
import type { AccessPolicy } from '../../domain/types';
import { allows } from '../iam/access';
import {
  accessTargetOf,
  deletionScheduled,
  effectiveState,
  isExpired,
  restoreDeadline,
} from '../kms/key-view';
import type { KeyRecord } from '../store/records';
import type { AckFailure } from './event-digest';
import { DEFAULT_STATES } from './dashboard';

/** How far ahead each kind warns. */
export const EXPIRING_SOON = 30 * DAY;
export const ROTATION_SOON = 7 * DAY;
export const RESTORE_ENDING_SOON = 7 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();

export function notificationsFor(input: {
  userId: string;
  policies: readonly AccessPolicy[];
  keys: readonly KeyRecord[];
  ackFailures: readonly AckFailure[];
  now: number;
}): KeywardNotification[] {
  const { now, policies } = input;
  const out: KeywardNotification[] = [];
  const byId = new Map<string, KeyRecord>();
  for (const k of input.keys) {
    byId.set(k.id, k);
    const target = accessTargetOf(k);
    if (!allows(policies, target, 'read') && !allows(policies, target, 'purge')) continue;
    const state = effectiveState(k, now);
    const canRead = allows(policies, target, 'read');
    const base = { keyId: k.id, keyName: k.name };
    if (canRead && DEFAULT_STATES.includes(state)) {
      if (
        k.expirationDate !== undefined &&
        k.expirationDate > now &&
        k.expirationDate - now <= EXPIRING_SOON
      )
        out.push({
          ...base,
          id: `expiring:${k.id}`,
          kind: 'expiring',
          at: iso(k.expirationDate),
          message: `Key ${k.name} expires on ${iso(k.expirationDate).slice(0, 10)}: after that it can no longer wrap.`,
        });
      if (
        k.rotationDueAt !== undefined &&
        k.rotationDueAt > now &&
        k.rotationDueAt - now <= ROTATION_SOON
      )
        out.push({
          ...base,
          id: `rotation-due:${k.id}`,
          kind: 'rotation-due',
          at: iso(k.rotationDueAt),
          message: `Key ${k.name} is due for rotation on ${iso(k.rotationDueAt).slice(0, 10)} (rotation policy).`,
        });
    }
    if (
      state === KeyState.Active &&
      deletionScheduled(k, now) &&
      k.deletionSetBy !== input.userId &&
      allows(policies, target, 'manage')
    )
      out.push({
        ...base,
        id: `dual-auth-approval:${k.id}`,
        kind: 'dual-auth-approval',
        at: iso(k.deletionSetAt ?? now),
        message: `Key ${k.name} is scheduled for deletion and waits for a second approver: you.`,
      });
    if (state === KeyState.Destroyed && k.deletionDate !== undefined) {
      const restoreEnds = restoreDeadline(k);
      if (
        restoreEnds !== undefined &&
        restoreEnds > now &&
        restoreEnds - now <= RESTORE_ENDING_SOON &&
        !isExpired(k, now) &&
        allows(policies, target, 'manage')
      )
        out.push({
          ...base,
          id: `restore-ending:${k.id}`,
          kind: 'restore-ending',
          at: iso(restoreEnds),
          message: `Deleted key ${k.name} can be restored only until ${iso(restoreEnds).slice(0, 10)}.`,
        });
      const purgeFrom = k.deletionDate + PURGE_AFTER_DELETE;
      if (now >= purgeFrom && allows(policies, target, 'purge'))
        out.push({
          ...base,
          id: `purge-possible:${k.id}`,
          kind: 'purge-possible',
          at: iso(purgeFrom),
          message: `Deleted key ${k.name} can now be purged (its material erased for good).`,
        });
    }
  }
  for (const failure of input.ackFailures) {
    const k = byId.get(failure.keyId);
    if (!k || !allows(policies, accessTargetOf(k), 'read')) continue;
    out.push({
      keyId: k.id,
      keyName: k.name,
      id: `ack-failed:${k.id}:${failure.eventId}`,
      kind: 'ack-failed',
      at: iso(failure.time),
      message: `A service failed to acknowledge a lifecycle change of key ${k.name}: ${failure.message}`,
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
