/** Where each notification sends the user to act, and how its kind reads. Pure, tested. */
import type { KeywardNotification, NotificationKind } from '../../domain/insights';

export const KIND_LABELS: Record<NotificationKind, string> = {
  expiring: 'Expiring soon',
  'rotation-due': 'Rotation due',
  'restore-ending': 'Restore window closing',
  'purge-possible': 'Purge possible',
  'dual-auth-approval': 'Approval needed',
  'ack-failed': 'Not acknowledged',
};

export function notificationHref(n: KeywardNotification): string {
  const key = `/keys/${encodeURIComponent(n.keyId)}`;
  switch (n.kind) {
    case 'rotation-due':
      return `${key}?tab=policies`;
    case 'ack-failed':
      return `/events?${new URLSearchParams({
        target: n.keyId,
        action: 'kms.registrations.notify',
        outcome: 'failure',
      }).toString()}`;
    default:
      // Expiry, restore, purge and the second approval are acted on from the key's page header.
      return key;
  }
}
