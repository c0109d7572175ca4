/**
 * What the dashboard shows for each figure: its label and the list behind it (the keys page with
 * the engine's own filter, the events page, the access page). Pure, so links are tested.
 */
import { keysListHref } from '../../client/keys-list-href';
import { agree, plural } from '../../components/format';
import type { Dashboard, DashboardRange, PostureCheck } from '../../domain/insights';
import { STATE_LABELS, type KeyState } from '../../domain/key-state';

export interface Figure {
  id: string;
  label: string;
  value: number;
  href: string;
}

const STATES: KeyState[] = [1, 2, 3, 5];

export function stateFigures(d: Dashboard): Figure[] {
  return STATES.map((s) => ({
    id: `state-${s}`,
    label: STATE_LABELS[s],
    value: d.byState[s] ?? 0,
    href: keysListHref({ state: [s] }),
  }));
}

export function typeFigures(d: Dashboard): Figure[] {
  return [
    {
      id: 'type-root',
      label: 'Root keys',
      value: d.byType.root,
      href: keysListHref({ extractable: false }),
    },
    {
      id: 'type-standard',
      label: 'Standard keys',
      value: d.byType.standard,
      href: keysListHref({ extractable: true }),
    },
  ];
}

export function upcomingFigures(d: Dashboard): Figure[] {
  return [
    {
      id: 'expiring-30',
      label: 'Expiring within 30 days',
      value: d.expiringWithin.d30,
      href: keysListHref({ expiringWithinDays: 30 }),
    },
    {
      id: 'expiring-90',
      label: 'Expiring within 90 days',
      value: d.expiringWithin.d90,
      href: keysListHref({ expiringWithinDays: 90 }),
    },
    {
      id: 'rotation-30',
      label: 'Rotations due within 30 days',
      value: d.rotationsWithin.d30,
      href: keysListHref({ rotationDueWithinDays: 30 }),
    },
    {
      id: 'rotation-90',
      label: 'Rotations due within 90 days',
      value: d.rotationsWithin.d90,
      href: keysListHref({ rotationDueWithinDays: 90 }),
    },
  ];
}

const RANGE_MS: Record<DashboardRange, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/**
 * The events page for the period's successes or refusals: from the chart's first bucket to just
 * before the dashboard's own read, whose event (at `now`) is recorded after it counted, so the
 * list holds exactly the events the figure counts.
 */
export function operationsHref(d: Dashboard, outcome: 'success' | 'failure'): string {
  const now = Date.parse(d.now);
  const from = d.operations[0]?.start ?? new Date(now - RANGE_MS[d.range]).toISOString();
  const to = new Date(now - 1).toISOString();
  return `/events?${new URLSearchParams({ outcome, from, to, reads: 'all' }).toString()}`;
}

export const POSTURE_TEXT: Record<
  PostureCheck['id'],
  { title: string; what: (n: number) => string }
> = {
  'root-without-rotation': {
    title: 'Root keys without a rotation policy',
    what: (n) => `${plural(n, 'root key')} never ${agree(n, 'rotates', 'rotate')} on a schedule`,
  },
  'expiring-30d': {
    title: 'Keys expiring within 30 days',
    what: (n) => `${plural(n, 'key')} can no longer wrap after expiry`,
  },
  'instance-dual-auth': {
    title: 'Dual authorization for deletion on the instance',
    what: (n) => `${plural(n, 'key')} can be deleted by one person`,
  },
  'unused-90d': {
    title: 'Root keys not used in 90 days',
    what: (n) => `${plural(n, 'root key')} with no wrap, unwrap or rewrap`,
  },
  'payload-readers': {
    title: "Users who can read standard keys' payloads",
    what: (n) => `${plural(n, 'user')} (ReaderPlus, Writer or Manager)`,
  },
};

/** The sentence under a posture check's title: what its count means, and where to act. */
export function postureDetail(check: PostureCheck): string {
  const what = POSTURE_TEXT[check.id].what(check.count);
  if (check.id === 'instance-dual-auth')
    return check.ok ? `On for new keys. ${what}.` : `Off for new keys (Settings). ${what}.`;
  if (check.id === 'payload-readers' && check.users?.length)
    return `${what}: ${check.users.map((u) => u.name).join(', ')}.`;
  return `${what}.`;
}

export function postureHref(check: PostureCheck): string {
  if (check.filter) return keysListHref(check.filter);
  return '/access';
}
