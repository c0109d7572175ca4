import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_KINDS,
  type KeywardNotification,
  type NotificationKind,
  type NotificationList,
} from '../../domain/insights';
import { kindListHref, moreOfEachKind, moreText, notificationHref } from './notification-links';

function item(kind: NotificationKind, i: number): KeywardNotification {
  return {
    id: `${kind}:key-${i}`,
    kind,
    keyId: `key-${i}`,
    keyName: `name-${i}`,
    at: '2026-01-01T00:00:00.000Z',
    message: `name-${i} needs attention`,
  };
}

/** An answer listing `listed` of each kind out of `totals` of each kind. */
function answer(
  listed: Partial<Record<NotificationKind, number>>,
  totals: Partial<Record<NotificationKind, number>>,
): NotificationList {
  const notifications: KeywardNotification[] = [];
  let i = 0;
  for (const [kind, n] of Object.entries(listed) as [NotificationKind, number][])
    for (let k = 0; k < n; k++) notifications.push(item(kind, i++));
  const all = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, totals[k] ?? 0])) as Record<
    NotificationKind,
    number
  >;
  return {
    notifications,
    total: Object.values(all).reduce((a, b) => a + b, 0),
    totals: all,
  };
}

describe('kindListHref', () => {
  it('links each kind to the list that holds it', () => {
    expect(kindListHref('expiring')).toEqual({ href: '/keys?expiring=30', exact: true });
    expect(kindListHref('rotation-due')).toEqual({ href: '/keys?rotation=7', exact: true });
    expect(kindListHref('restore-ending')).toEqual({ href: '/keys?state=5', exact: false });
    expect(kindListHref('purge-possible')).toEqual({ href: '/keys?state=5', exact: false });
    const acks = kindListHref('ack-failed');
    expect(acks?.exact).toBe(false);
    const url = new URL(acks?.href ?? '', 'http://x');
    expect(url.pathname).toBe('/events');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: 'kms.registrations.notify',
      outcome: 'failure',
    });
  });

  it('has no list for approvals waiting (the keys page has no such filter)', () => {
    expect(kindListHref('dual-auth-approval')).toBeUndefined();
  });
});

describe('notificationHref', () => {
  it('sends each item to where it is acted on', () => {
    expect(notificationHref(item('expiring', 1))).toBe('/keys/key-1');
    expect(notificationHref(item('rotation-due', 1))).toBe('/keys/key-1?tab=policies');
    expect(notificationHref(item('purge-possible', 1))).toBe('/keys/key-1');
    expect(notificationHref(item('dual-auth-approval', 1))).toBe('/keys/key-1');
    expect(notificationHref(item('ack-failed', 1))).toBe(
      '/events?target=key-1&action=kms.registrations.notify&outcome=failure',
    );
  });
});

describe('moreOfEachKind', () => {
  it('is the totals minus the listed items, per kind, in the kinds’ order', () => {
    const more = moreOfEachKind(
      answer(
        { expiring: 40, 'rotation-due': 8, 'ack-failed': 2 },
        {
          expiring: 50,
          'rotation-due': 9,
          'ack-failed': 5,
        },
      ),
    );
    expect(more.map((m) => [m.kind, m.count, m.total])).toEqual([
      ['expiring', 10, 50],
      ['rotation-due', 1, 9],
      ['ack-failed', 3, 5],
    ]);
    expect(more[0]?.link).toEqual(kindListHref('expiring'));
  });

  it('omits kinds all listed, and kinds with none', () => {
    const more = moreOfEachKind(
      answer({ expiring: 30, 'purge-possible': 20 }, { expiring: 30, 'purge-possible': 25 }),
    );
    expect(more.map((m) => m.kind)).toEqual(['purge-possible']);
    expect(moreOfEachKind(answer({ expiring: 3 }, { expiring: 3 }))).toEqual([]);
    expect(moreOfEachKind(answer({}, {}))).toEqual([]);
  });

  it('counts a kind none of which is listed', () => {
    const more = moreOfEachKind(
      answer({ expiring: 50 }, { expiring: 50, 'dual-auth-approval': 4 }),
    );
    expect(more).toEqual([{ kind: 'dual-auth-approval', count: 4, total: 4, link: undefined }]);
  });
});

describe('moreText', () => {
  const line = (kind: NotificationKind, listed: number, total: number) => {
    const [m] = moreOfEachKind(answer({ [kind]: listed }, { [kind]: total }));
    if (!m) throw new Error('no more line');
    return moreText(m);
  };

  it('says how many more and how many in all, where the list holds exactly that kind', () => {
    expect(line('expiring', 50, 60)).toBe('Expiring soon: 10 more — list all 60');
    expect(line('rotation-due', 49, 50)).toBe('Rotation due: 1 more — list all 50');
  });

  it('groups thousands', () => {
    expect(line('expiring', 50, 5000)).toBe('Expiring soon: 4,950 more — list all 5,000');
  });

  it('names the list that holds them among others', () => {
    expect(line('restore-ending', 1, 3)).toBe(
      'Restore window closing: 2 more — among deleted keys',
    );
    expect(line('purge-possible', 0, 1)).toBe('Purge possible: 1 more — among deleted keys');
    expect(line('ack-failed', 2, 12)).toBe(
      'Not acknowledged: 10 more — among failed notifications',
    );
  });

  it('gives the count alone for approvals waiting', () => {
    expect(line('dual-auth-approval', 0, 1)).toBe('Approval needed: 1 more (1 in all)');
    expect(line('dual-auth-approval', 40, 50)).toBe('Approval needed: 10 more (50 in all)');
  });
});
