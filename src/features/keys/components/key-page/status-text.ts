/**
 * What is pending on a key, as the banner under the key page's header says it: the windows of a
 * deleted key (restore, purge, automatic purge), an expiry, or a scheduled deletion under dual
 * authorization. Dates in the console's format, durations relative to the engine clock.
 */
import { KeyState } from '../../../../domain/key-state';
import type { Key } from '../../../../domain/types';
import { formatDate, relative } from './format';

export interface StatusBanner {
  kind: 'warning' | 'info';
  title: string;
  subtitle: string;
}

export function statusBanner(
  key: Key,
  now: number,
  userName: (userId: string | undefined) => string,
): StatusBanner | undefined {
  const dual = key.dualAuthDelete;
  if (key.state === KeyState.Destroyed && key.deletionDate)
    return {
      kind: 'warning',
      title: `Deleted ${formatDate(key.deletionDate)} by ${userName(key.deletedBy)}.`,
      subtitle: [
        key.restoreAllowed && key.restoreExpirationDate
          ? `Restore possible until ${formatDate(key.restoreExpirationDate)} (${relative(key.restoreExpirationDate, now).replace(/^in /, '')} left).`
          : 'It can no longer be restored.',
        key.purgeAllowedFrom
          ? key.purgeAllowed
            ? 'A user with the KeyPurge role can purge it now.'
            : `Purge possible from ${formatDate(key.purgeAllowedFrom)} (${relative(key.purgeAllowedFrom, now)}).`
          : '',
        key.purgeScheduledOn ? `Purged automatically ${formatDate(key.purgeScheduledOn)}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
  if (key.state === KeyState.Deactivated && key.expirationDate)
    return {
      kind: 'info',
      title: `Expired ${formatDate(key.expirationDate)}.`,
      subtitle:
        'An expired key never wraps again (expiration is one-way); it still unwraps and rewraps what it wrapped before, and can be rotated or deleted.',
    };
  if (dual.enabled && dual.keySetForDeletion)
    return {
      kind: 'warning',
      title: `Deletion scheduled by ${userName(dual.setBy)}.`,
      subtitle: `Dual authorization: a different user with the Manager role can delete this key until ${dual.authExpiration ? `${formatDate(dual.authExpiration)} (${relative(dual.authExpiration, now)})` : 'the authorization lapses'}; the key stays usable meanwhile.`,
    };
  return undefined;
}
