/**
 * The checks a key's state, waiting periods and dual authorization impose before an action
 * (SPEC.md sections 4 and 5). Pure: each takes the key record as read (inside the transaction
 * where it matters) and the engine time, and throws the SPEC's refusal or returns; access,
 * transactions and auditing stay with the callers.
 */
import { engineError } from '../../domain/errors';
import {
  allowedOperations,
  KeyState,
  STATE_LABELS,
  stateAllows,
  type LifecycleOperation,
} from '../../domain/key-state';
import {
  ENABLE_AFTER_DISABLE,
  HOUR,
  PURGE_AFTER_DELETE,
  RESTORE_AFTER_DELETE,
  ROTATION_MIN_INTERVAL,
} from '../../domain/time';
import type { KeyRecord, RegistrationRecord } from '../store/records';
import { deletionScheduled, effectiveState, isExpired, restoreDeadline } from './key-view';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The state table of SPEC.md section 4: 409 KEY_ACTION_INVALID_STATE_ERR where it says no. */
export function requireState(key: KeyRecord, now: number, op: LifecycleOperation): void {
  const state = effectiveState(key, now);
  if (!stateAllows(state, op)) {
    const allowed = allowedOperations(state).join(', ');
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is ${STATE_LABELS[state]}: ${op} is not allowed in that state (allowed: ${allowed}).`,
    );
  }
}

/** Changes a Deleted key refuses until it is restored (aliases, policies, rings). */
export function requireNotDeleted(key: KeyRecord, now: number, what: string): void {
  if (effectiveState(key, now) === KeyState.Destroyed)
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is Deleted: ${what} is not allowed; restore it first.`,
    );
}

/** Root-only actions (wrap, unwrap, rewrap, rotate, rotation policy): Key Protect's 400. */
export function requireRootKey(key: KeyRecord, what: string): void {
  if (key.extractable)
    throw engineError(
      'KEY_ROOT_REQ_ERR',
      `${what} needs a root key; "${key.name}" is a standard key. Use a root key (extractable: false) instead.`,
    );
}

/** Dual-authorization scheduling works on Active keys only. */
export function requireActive(key: KeyRecord, now: number, what: string): void {
  const state = effectiveState(key, now);
  if (state !== KeyState.Active)
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is ${STATE_LABELS[state]}: ${what} needs an Enabled (Active) key.`,
    );
}

export function requireDualAuth(key: KeyRecord, what: string): void {
  if (!key.dualAuthEnabled)
    throw engineError(
      'NOT_DUAL_AUTH_ERR',
      `The key is not dual auth enabled, so it cannot be ${what}: a Manager can delete it directly.`,
    );
}

/** `setKeyForDeletion`: the first step of a dual-authorization deletion. */
export function requireDeletionSchedulable(key: KeyRecord, now: number): void {
  requireDualAuth(key, 'set for deletion');
  requireActive(key, now, 'scheduling a deletion');
}

/** `unsetKeyForDeletion`: cancels a scheduled deletion, which must still be valid. */
export function requireDeletionCancellable(key: KeyRecord, now: number): void {
  requireDualAuth(key, 'unset for deletion');
  requireActive(key, now, 'cancelling a scheduled deletion');
  if (!deletionScheduled(key, now))
    throw engineError('KEY_ACTION_INVALID_STATE_ERR', 'This key is not scheduled for deletion.');
}

/** At most one rotation an hour: 409 KEY_ROTATION_NOT_PERMITTED (after the state check). */
export function requireRotationInterval(key: KeyRecord, now: number): void {
  if (key.lastRotateDate !== undefined && now - key.lastRotateDate < ROTATION_MIN_INTERVAL)
    throw engineError(
      'KEY_ROTATION_NOT_PERMITTED',
      `A key can be rotated once an hour; this key was last rotated at ${iso(key.lastRotateDate)}. Try again after ${iso(key.lastRotateDate + ROTATION_MIN_INTERVAL)}.`,
    );
}

/** Enable: the state table, then 30 seconds after the last disable (409 REQ_TOO_EARLY_ERR). */
export function requireEnableAllowed(key: KeyRecord, now: number): void {
  requireState(key, now, 'enable');
  if (key.lastDisabledAt !== undefined && now - key.lastDisabledAt < ENABLE_AFTER_DISABLE)
    throw engineError(
      'REQ_TOO_EARLY_ERR',
      `A key can be enabled 30 seconds after it was disabled; try again after ${iso(key.lastDisabledAt + ENABLE_AFTER_DISABLE)}.`,
    );
}

/**
 * Delete, before its registrations are looked at: not already Deleted (410 KEY_DELETED_ERR), the
 * state table, and dual authorization (scheduled, by someone other than `userId`).
 */
export function requireDeletable(key: KeyRecord, now: number, userId: string): void {
  if (effectiveState(key, now) === KeyState.Destroyed)
    throw engineError(
      'KEY_DELETED_ERR',
      `The key was already deleted at ${iso(key.deletionDate ?? now)}: there is nothing more to delete. Restore it within 30 days, or purge it (KeyPurge role) from 4 hours after deletion.`,
    );
  requireState(key, now, 'delete');
  if (key.dualAuthEnabled) {
    if (!deletionScheduled(key, now))
      throw engineError(
        'AUTHORIZATIONS_NOT_MET',
        'Dual authorization is on: another user with delete rights must first schedule this deletion (valid 7 days).',
      );
    if (key.deletionSetBy === userId)
      throw engineError(
        'AUTHORIZATIONS_NOT_MET',
        'Dual authorization needs two different users: you scheduled this deletion, so someone else must delete the key.',
      );
  }
}

/**
 * Delete of a key that protects registered resources: refused where one prevents it (even with
 * force), otherwise allowed only with force.
 */
export function requireUnprotected(
  registrations: readonly RegistrationRecord[],
  force: boolean | undefined,
): void {
  if (registrations.length === 0) return;
  const prevented = registrations.filter((r) => r.preventKeyDeletion);
  if (prevented.length > 0)
    throw engineError(
      'PREV_KEY_DEL_ERR',
      'The key protects resources that prevent its deletion (for example, a retention policy); it cannot be deleted, even with force.',
      prevented.map((r) => r.resourceCrn),
    );
  if (!force)
    throw engineError(
      'PROTECTED_RESOURCE_ERR',
      `The key protects ${registrations.length} registered resource(s); delete with force to shred them.`,
      registrations.map((r) => r.resourceCrn),
    );
}

/** Restore: Deleted, within 30 days, not expired, and 30 seconds after the deletion. */
export function requireRestorable(key: KeyRecord, now: number): void {
  requireState(key, now, 'restore');
  const deadline = restoreDeadline(key);
  if (deadline !== undefined && now >= deadline)
    throw engineError(
      'KEY_RESTORE_EXPIRED',
      `The 30-day restore window closed at ${iso(deadline)}; the key can no longer be restored.`,
    );
  if (isExpired(key, now))
    throw engineError(
      'KEY_EXPIRED_ERR',
      `The key passed its expiration date (${iso(key.expirationDate ?? now)}) and cannot be restored; create or import a new key instead.`,
    );
  const deletedAt = key.deletionDate ?? 0;
  if (now - deletedAt < RESTORE_AFTER_DELETE)
    throw engineError(
      'REQ_TOO_EARLY_ERR',
      `A key can be restored 30 seconds after it was deleted; try again after ${iso(deletedAt + RESTORE_AFTER_DELETE)}.`,
    );
}

/** Purge: Deleted, from 4 hours after the deletion. */
export function requirePurgeable(key: KeyRecord, now: number): void {
  requireState(key, now, 'purge');
  const from = (key.deletionDate ?? now) + PURGE_AFTER_DELETE;
  if (now < from)
    throw engineError(
      'REQ_TOO_EARLY_ERR',
      `A deleted key can be purged 4 hours after deletion, from ${iso(from)}.`,
    );
}

/** A sync of the registered services: once an hour after the last notification. */
export function requireSyncAllowed(key: KeyRecord, now: number): void {
  const last = key.lastNotifiedAt;
  if (last !== undefined && now < last + HOUR) {
    const minutes = Math.ceil((last + HOUR - now) / 60_000);
    throw engineError(
      'REQ_TOO_EARLY_ERR',
      `The services registered with this key were notified at ${iso(last)}: a sync can be requested once an hour after the last notification, so try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
}
