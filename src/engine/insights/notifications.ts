/**
 * The header's notifications (SPEC section 15), on the engine clock, for the acting user: keys
 * expiring soon, rotations due, deletion windows closing (restore ends, purge possible),
 * dual-authorization deletions waiting for this user's approval, lifecycle notifications a
 * service failed to acknowledge. Each exists only while its condition holds, so it disappears
 * once handled (key restored or purged, deletion approved or cancelled, rotation done, …).
 * A user is told only of keys they may act on (or read, for the informational kinds).
 *
 * Every page asks for them, and with 100,000 keys thousands may hold at once (issue 11): the
 * cheap date and state tests run first, the access checks only on the keys that pass them, and
 * the answer is the `limit` most urgent items (earliest moment first) with the exact count of
 * each kind, so the header's count stays exact and the panel can say how many more there are.
 */
import {
  EXPIRING_SOON_DAYS,
  NOTIFICATION_KINDS,
  ROTATION_SOON_DAYS,
  NOTIFICATIONS_LIMIT,
  type KeywardNotification,
  type NotificationKind,
  type NotificationList,
} from '../../domain/insights';
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
export const EXPIRING_SOON = EXPIRING_SOON_DAYS * DAY;
export const ROTATION_SOON = ROTATION_SOON_DAYS * DAY;
export const RESTORE_ENDING_SOON = 7 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();

/** A notification before its text is written (only the listed ones get one). */
interface Candidate {
  kind: NotificationKind;
  at: number;
  id: string;
  key: KeyRecord;
  failure?: AckFailure;
}

function message(c: Candidate): string {
  const name = c.key.name;
  const day = iso(c.at).slice(0, 10);
  switch (c.kind) {
    case 'expiring':
      return `Key ${name} expires on ${day}: after that it can no longer wrap.`;
    case 'rotation-due':
      return `Key ${name} is due for rotation on ${day} (rotation policy).`;
    case 'dual-auth-approval':
      return `Key ${name} is scheduled for deletion and waits for a second approver: you.`;
    case 'restore-ending':
      return `Deleted key ${name} can be restored only until ${day}.`;
    case 'purge-possible':
      return `Deleted key ${name} can now be purged (its material erased for good).`;
    case 'ack-failed':
      return `A service failed to acknowledge a lifecycle change of key ${name}: ${c.failure?.message ?? ''}`;
  }
}

/** The kinds a key's dates and state call for, before any access check. */
function candidatesOf(k: KeyRecord, now: number, userId: string, out: Candidate[]): void {
  const expiringSoon =
    k.expirationDate !== undefined &&
    k.expirationDate > now &&
    k.expirationDate - now <= EXPIRING_SOON;
  const rotationSoon =
    k.rotationDueAt !== undefined &&
    k.rotationDueAt > now &&
    k.rotationDueAt - now <= ROTATION_SOON;
  const scheduled = k.deletionSetAt !== undefined && k.deletionSetBy !== userId;
  const deleted = k.state === KeyState.Destroyed && k.deletionDate !== undefined;
  // Most keys stop here: no date near, nothing scheduled, not deleted.
  if (!expiringSoon && !rotationSoon && !scheduled && !deleted) return;
  const state = effectiveState(k, now);
  if (DEFAULT_STATES.includes(state)) {
    if (expiringSoon && k.expirationDate !== undefined)
      out.push({ kind: 'expiring', at: k.expirationDate, id: `expiring:${k.id}`, key: k });
    if (rotationSoon && k.rotationDueAt !== undefined)
      out.push({ kind: 'rotation-due', at: k.rotationDueAt, id: `rotation-due:${k.id}`, key: k });
  }
  if (scheduled && state === KeyState.Active && deletionScheduled(k, now))
    out.push({
      kind: 'dual-auth-approval',
      at: k.deletionSetAt ?? now,
      id: `dual-auth-approval:${k.id}`,
      key: k,
    });
  if (deleted && state === KeyState.Destroyed && k.deletionDate !== undefined) {
    const restoreEnds = restoreDeadline(k);
    if (
      restoreEnds !== undefined &&
      restoreEnds > now &&
      restoreEnds - now <= RESTORE_ENDING_SOON &&
      !isExpired(k, now)
    )
      out.push({ kind: 'restore-ending', at: restoreEnds, id: `restore-ending:${k.id}`, key: k });
    const purgeFrom = k.deletionDate + PURGE_AFTER_DELETE;
    if (now >= purgeFrom)
      out.push({ kind: 'purge-possible', at: purgeFrom, id: `purge-possible:${k.id}`, key: k });
  }
}

/** What a kind asks of the user: read for the informational kinds, else the right to act. */
const NEEDS: Record<NotificationKind, 'read' | 'manage' | 'purge'> = {
  expiring: 'read',
  'rotation-due': 'read',
  'ack-failed': 'read',
  'dual-auth-approval': 'manage',
  'restore-ending': 'manage',
  'purge-possible': 'purge',
};

/**
 * `keys` are the keys to look at: every key of the instance, or only those that may notify
 * (key-cache.ts `mayNotify`, which every key passing `candidatesOf`'s first test passes), as the
 * engine gives at scale. `keyOf` finds the instance's key an acknowledgement failure names (by
 * default among `keys`; give it when `keys` holds only the notable ones).
 */
export function notificationsFor(input: {
  userId: string;
  policies: readonly AccessPolicy[];
  keys: readonly KeyRecord[];
  keyOf?: (keyId: string) => KeyRecord | undefined;
  ackFailures: readonly AckFailure[];
  now: number;
  limit?: number;
}): NotificationList {
  const { now, policies } = input;
  const limit = input.limit ?? NOTIFICATIONS_LIMIT;
  const found: Candidate[] = [];
  for (const k of input.keys) candidatesOf(k, now, input.userId, found);
  if (input.ackFailures.length > 0) {
    let keyOf = input.keyOf;
    if (!keyOf) {
      const byId = new Map(input.keys.map((k) => [k.id, k]));
      keyOf = (id) => byId.get(id);
    }
    for (const failure of input.ackFailures) {
      const key = keyOf(failure.keyId);
      if (key)
        found.push({
          kind: 'ack-failed',
          at: failure.time,
          id: `ack-failed:${key.id}:${failure.eventId}`,
          key,
          failure,
        });
    }
  }
  // Access, on the candidates only (a key often yields two: check each right once per key).
  const rights = new Map<string, Partial<Record<'read' | 'manage' | 'purge', boolean>>>();
  const may = (key: KeyRecord, action: 'read' | 'manage' | 'purge') => {
    let known = rights.get(key.id);
    if (!known) rights.set(key.id, (known = {}));
    return (known[action] ??= allows(policies, accessTargetOf(key), action));
  };
  const totals = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 0])) as Record<
    NotificationKind,
    number
  >;
  const held: Candidate[] = [];
  for (const c of found) {
    if (!may(c.key, NEEDS[c.kind])) continue;
    totals[c.kind]++;
    held.push(c);
  }
  held.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const notifications = held.slice(0, limit).map((c): KeywardNotification => ({
    id: c.id,
    kind: c.kind,
    keyId: c.key.id,
    keyName: c.key.name,
    at: iso(c.at),
    message: message(c),
  }));
  return { notifications, total: held.length, totals };
}
