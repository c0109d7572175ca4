/**
 * What the key's lifecycle lets the acting user do now, as permissions a GatedButton shows: the
 * engine's answer for their role first (it will not go away by itself), then what the key's
 * state, its waiting periods (one rotation an hour, purge from 4 hours after deletion) and dual
 * authorization refuse. Pure, so the key page and the keys table's row menu give the same
 * reasons, and the engine refuses the same calls anyway.
 */
import { KeyState, stateAllows } from '../../../../domain/key-state';
import { rotationAllowedFrom } from '../../../../domain/rotation';
import type { Key, Permission, Permissions } from '../../../../domain/types';
import { formatDate, formatTime } from '../../../../components/format';
import { gate, relative, stateReason } from './format';

/** The once-an-hour rule holding a rotation back at `now`: when it last rotated, and from when. */
export function rotationWait(key: Key, now: number): { last: number; from: number } | undefined {
  if (key.lastRotateDate === undefined) return undefined;
  const last = Date.parse(key.lastRotateDate);
  const from = rotationAllowedFrom(last, now);
  return from === undefined ? undefined : { last, from };
}

/** "A key can be rotated once an hour. It was last rotated …; rotate it again from … (in …)." */
export function rotationWaitReason(wait: { last: number; from: number }, now: number): string {
  return `A key can be rotated once an hour. It was last rotated ${formatDate(wait.last, true)}; rotate it again from ${formatTime(wait.from, true)} (${relative(new Date(wait.from).toISOString(), now)}).`;
}

export function rotateGate(key: Key, permission: Permission | undefined, now: number) {
  const wait = rotationWait(key, now);
  return gate(
    permission,
    'Rotating a key',
    !stateAllows(key.state, 'rotate')
      ? stateReason(key.state, 'be rotated')
      : wait
        ? rotationWaitReason(wait, now)
        : undefined,
  );
}

export interface LifecycleGates {
  rotate: Permission | undefined;
  enable: Permission | undefined;
  disable: Permission | undefined;
  scheduleDeletion: Permission | undefined;
  cancelDeletion: Permission | undefined;
  delete: Permission | undefined;
  restore: Permission | undefined;
  purge: Permission | undefined;
}

/** Why a deleted key cannot be restored, if it cannot. */
function restoreReason(key: Key, now: number): string | undefined {
  if (key.restoreAllowed) return undefined;
  if (key.expirationDate && Date.parse(key.expirationDate) <= now)
    return 'The key has passed its expiration date, so it cannot be restored.';
  return `The 30-day restore window closed on ${key.restoreExpirationDate ? formatDate(key.restoreExpirationDate) : 'its last day'}.`;
}

/** Why a deleted key cannot be purged yet, if it cannot. */
function purgeReason(key: Key, now: number): string | undefined {
  if (key.purgeAllowed) return undefined;
  const from = key.purgeAllowedFrom;
  return `A deleted key can be purged 4 hours after deletion: from ${from ? `${formatDate(from)} (${relative(from, now)})` : 'later'}.`;
}

/** Why deleting is not for this user now under dual authorization, if so. */
function dualAuthReason(key: Key, userId: string): string | undefined {
  const dual = key.dualAuthDelete;
  if (!dual.enabled) return undefined;
  if (!dual.keySetForDeletion)
    return 'Dual authorization is on: a user with delete rights must first schedule the deletion, then a different user deletes the key.';
  if (dual.setBy === userId)
    return 'You scheduled this deletion. Dual authorization needs a different user to delete the key.';
  return undefined;
}

export function lifecycleGates(
  key: Key,
  permissions: Permissions | undefined,
  now: number,
  userId: string,
): LifecycleGates {
  const { state } = key;
  const cannot = (op: 'disable' | 'delete', words: string) =>
    stateAllows(state, op) ? undefined : stateReason(state, words);
  return {
    rotate: rotateGate(key, permissions?.write, now),
    enable: gate(permissions?.manage, 'Enabling a key'),
    disable: gate(permissions?.manage, 'Disabling a key', cannot('disable', 'be disabled')),
    scheduleDeletion: gate(
      permissions?.scheduleDeletion,
      'Scheduling a deletion',
      cannot('delete', 'be deleted'),
    ),
    cancelDeletion: gate(permissions?.scheduleDeletion, 'Cancelling a scheduled deletion'),
    delete: gate(
      permissions?.manage,
      'Deleting a key',
      cannot('delete', 'be deleted') ?? dualAuthReason(key, userId),
    ),
    restore: gate(permissions?.manage, 'Restoring a key', restoreReason(key, now)),
    purge: gate(permissions?.purge, 'Purging a key', purgeReason(key, now)),
  };
}

/** Which lifecycle buttons the key page offers for the key's state, in order. */
export function lifecycleButtons(key: Key): (keyof LifecycleGates)[] {
  if (key.state === KeyState.Destroyed) return ['restore', 'purge'];
  const dual = key.dualAuthDelete;
  return [
    ...(key.extractable ? [] : (['rotate'] as const)),
    key.state === KeyState.Suspended ? ('enable' as const) : ('disable' as const),
    ...(dual.enabled ? [dual.keySetForDeletion ? 'cancelDeletion' : 'scheduleDeletion'] : []),
    'delete',
  ] as (keyof LifecycleGates)[];
}
