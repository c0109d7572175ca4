/** The key page's status banner: dates in the console's format, never an ISO string. */
import { describe, expect, it } from 'vitest';
import { KeyState } from '../../../../domain/key-state';
import { DAY, HOUR } from '../../../../domain/time';
import { formatDate } from '../../../../components/format';
import { testKey } from '../../test-key';
import { statusBanner } from './status-text';

const now = Date.parse('2026-12-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const names = (id: string | undefined) => (id === 'user-manager' ? 'Max Manager' : 'Unknown');
const ISO = /\d{4}-\d{2}-\d{2}T/;

describe('statusBanner', () => {
  it('a deleted key: who and when, the restore and purge windows', () => {
    const deletedAt = now - HOUR;
    const banner = statusBanner(
      testKey(1, {
        state: KeyState.Destroyed,
        deletionDate: iso(deletedAt),
        deletedBy: 'user-manager',
        restoreAllowed: true,
        restoreExpirationDate: iso(deletedAt + 30 * DAY),
        purgeAllowedFrom: iso(deletedAt + 4 * HOUR),
        purgeScheduledOn: iso(deletedAt + 90 * DAY),
      }),
      now,
      names,
    );
    expect(banner).toEqual({
      kind: 'warning',
      title: `Deleted ${formatDate(iso(deletedAt))} by Max Manager.`,
      subtitle: `Restore possible until ${formatDate(iso(deletedAt + 30 * DAY))} (29 days 23 hours left). Purge possible from ${formatDate(iso(deletedAt + 4 * HOUR))} (in 3 hours). Purged automatically ${formatDate(iso(deletedAt + 90 * DAY))}.`,
    });
    expect(`${banner?.title} ${banner?.subtitle}`).not.toMatch(ISO);
  });

  it('an expired key, a scheduled deletion, and nothing pending', () => {
    const expired = statusBanner(
      testKey(1, { state: KeyState.Deactivated, expirationDate: iso(now - DAY) }),
      now,
      names,
    );
    expect(expired?.title).toBe(`Expired ${formatDate(iso(now - DAY))}.`);
    const scheduled = statusBanner(
      testKey(1, {
        dualAuthDelete: {
          enabled: true,
          keySetForDeletion: true,
          setBy: 'user-manager',
          authExpiration: iso(now + 7 * DAY),
        },
      }),
      now,
      names,
    );
    expect(scheduled?.title).toBe('Deletion scheduled by Max Manager.');
    expect(scheduled?.subtitle).toContain(`${formatDate(iso(now + 7 * DAY))} (in 7 days)`);
    expect(statusBanner(testKey(1), now, names)).toBeUndefined();
  });
});
