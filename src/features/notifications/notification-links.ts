/** Where each notification sends the user to act, and how its kind reads. Pure, tested. */
import {
  EXPIRING_SOON_DAYS,
  NOTIFICATION_KINDS,
  ROTATION_SOON_DAYS,
  type KeywardNotification,
  type NotificationKind,
  type NotificationList,
} from '../../domain/insights';

export const KIND_LABELS: Record<NotificationKind, string> = {
  expiring: 'Expiring soon',
  'rotation-due': 'Rotation due',
  'restore-ending': 'Restore window closing',
  'purge-possible': 'Purge possible',
  'dual-auth-approval': 'Approval needed',
  'ack-failed': 'Not acknowledged',
};

const ACK_FAILURES = { action: 'kms.registrations.notify', outcome: 'failure' };

export function notificationHref(n: KeywardNotification): string {
  const key = `/keys/${encodeURIComponent(n.keyId)}`;
  switch (n.kind) {
    case 'rotation-due':
      return `${key}?tab=policies`;
    case 'ack-failed':
      return `/events?${new URLSearchParams({ target: n.keyId, ...ACK_FAILURES }).toString()}`;
    default:
      // Expiry, restore, purge and the second approval are acted on from the key's page header.
      return key;
  }
}

/**
 * The list behind a kind: `exact` when it holds exactly that kind's keys (the keys page's own
 * filters, on the same windows as the engine's warnings); otherwise the nearest list that holds
 * them among others (deleted keys, failed notifications), or none (approvals: no such filter).
 */
export function kindListHref(kind: NotificationKind): { href: string; exact: boolean } | undefined {
  switch (kind) {
    case 'expiring':
      return { href: `/keys?expiring=${EXPIRING_SOON_DAYS}`, exact: true };
    case 'rotation-due':
      return { href: `/keys?rotation=${ROTATION_SOON_DAYS}`, exact: true };
    case 'restore-ending':
    case 'purge-possible':
      return { href: '/keys?state=5', exact: false };
    case 'ack-failed':
      return { href: `/events?${new URLSearchParams(ACK_FAILURES).toString()}`, exact: false };
    case 'dual-auth-approval':
      return undefined;
  }
}

export interface MoreOfKind {
  kind: NotificationKind;
  /** How many of this kind the panel does not list. */
  count: number;
  /** How many of this kind there are in all. */
  total: number;
  link: { href: string; exact: boolean } | undefined;
}

/** For each kind with more items than the answer lists: how many more, and where they are. */
export function moreOfEachKind(list: NotificationList): MoreOfKind[] {
  const shown = new Map<NotificationKind, number>();
  for (const n of list.notifications) shown.set(n.kind, (shown.get(n.kind) ?? 0) + 1);
  const out: MoreOfKind[] = [];
  for (const kind of NOTIFICATION_KINDS) {
    const total = list.totals[kind];
    const count = total - (shown.get(kind) ?? 0);
    if (count > 0) out.push({ kind, count, total, link: kindListHref(kind) });
  }
  return out;
}

const figure = (n: number) => n.toLocaleString('en-US');

/**
 * The panel's line for the ones of a kind it does not list: "Expiring soon: 10 more — list all
 * 60" where the link holds exactly that kind, where it holds them among others ("… — among
 * deleted keys", "… — among failed notifications"), or the count alone ("… (60 in all)").
 */
export function moreText(m: MoreOfKind): string {
  const what = `${KIND_LABELS[m.kind]}: ${figure(m.count)} more`;
  if (!m.link) return `${what} (${figure(m.total)} in all)`;
  if (m.link.exact) return `${what} — list all ${figure(m.total)}`;
  return m.kind === 'ack-failed'
    ? `${what} — among failed notifications`
    : `${what} — among deleted keys`;
}
