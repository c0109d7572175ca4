/**
 * The dashboard's aggregates (SPEC section 15), computed in one pass over the instance's key
 * records (held in memory by the key cache) plus the event digest's hourly counts, the usage
 * records, the instance's buckets and the directory. Pure: the service gathers the inputs.
 */
import type {
  Dashboard,
  DashboardRange,
  KeyListFilter,
  OperationsBucket,
  PostureCheck,
} from '../../domain/insights';
import { KeyState } from '../../domain/key-state';
import { DAY, HOUR } from '../../domain/time';
import type { AccessPolicy, User } from '../../domain/types';
import { allows, allowsAnywhereIn } from '../iam/access';
import { accessTargetOf, effectiveState } from '../kms/key-view';
import type { BucketRecord, KeyRecord } from '../store/records';
import type { HourCounts } from './event-digest';
import { extraKeyFilter, type FilterUsage } from './key-filters';

export const DEFAULT_STATES: readonly KeyState[] = [
  KeyState.Active,
  KeyState.Suspended,
  KeyState.Deactivated,
];
const TIMELINE_DAYS = 90;

/**
 * The posture checks' key filters: the keys page lists exactly what each counts (in its default
 * states, as no filter here names a state).
 */
export const POSTURE_FILTERS = {
  'root-without-rotation': { extractable: false, noRotationPolicy: true },
  'expiring-30d': { expiringWithinDays: 30 },
  'instance-dual-auth': { dualAuthDelete: false },
  'unused-90d': { extractable: false, notUsedForDays: 90 },
} as const satisfies Record<string, Omit<KeyListFilter, 'state'>>;

type PostureKeyCheck = keyof typeof POSTURE_FILTERS;

/** Each posture filter as the keys page applies it to a key in a default state. */
function postureTests(now: number, usage: FilterUsage) {
  return (Object.keys(POSTURE_FILTERS) as PostureKeyCheck[]).map((id) => {
    const filter: Omit<KeyListFilter, 'state'> = POSTURE_FILTERS[id];
    const extra = extraKeyFilter(filter, now, usage);
    const test = (k: KeyRecord) =>
      (filter.extractable === undefined || k.extractable === filter.extractable) && extra(k);
    return { id, test };
  });
}

export interface DashboardInput {
  instanceId: string;
  now: number;
  range: DashboardRange;
  /** The keys the user may read (every key of the instance, for whoever reads it whole). */
  keys: readonly KeyRecord[];
  /** Whether the user reads the whole instance (not only some rings or keys of it). */
  wholeInstance: boolean;
  /** Counts of the events the user may see. */
  hourly: readonly { hour: number; counts: HourCounts }[];
  usage: FilterUsage;
  buckets: readonly BucketRecord[];
  dualAuthDefault: boolean;
  users: readonly User[];
  policiesOf: (userId: string) => readonly AccessPolicy[];
}

export function operationBuckets(
  hourly: DashboardInput['hourly'],
  now: number,
  range: DashboardRange,
): OperationsBucket[] {
  const width = range === '24h' ? HOUR : DAY;
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const first = Math.floor(now / width) * width - (count - 1) * width;
  const buckets: OperationsBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(first + i * width).toISOString(),
    successes: 0,
    refusals: 0,
  }));
  for (const { hour, counts } of hourly) {
    const index = Math.floor((hour * HOUR - first) / width);
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.successes += counts.successes;
    bucket.refusals += counts.refusals;
  }
  return buckets;
}

export function computeDashboard(input: DashboardInput): Dashboard {
  const { now, keys, usage } = input;
  const byState: Record<string, number> = {
    [KeyState.Active]: 0,
    [KeyState.Suspended]: 0,
    [KeyState.Deactivated]: 0,
    [KeyState.Destroyed]: 0,
  };
  const byType = { root: 0, standard: 0 };
  const dayStart = Math.floor(now / DAY) * DAY;
  const timeline = Array.from({ length: TIMELINE_DAYS + 1 }, (_, i) => ({
    day: new Date(dayStart + i * DAY).toISOString().slice(0, 10),
    expirations: 0,
    rotations: 0,
  }));
  const expiringWithin = { d30: 0, d90: 0 };
  const rotationsWithin = { d30: 0, d90: 0 };
  const tests = postureTests(now, usage);
  const failing: Record<PostureKeyCheck, number> = {
    'root-without-rotation': 0,
    'expiring-30d': 0,
    'instance-dual-auth': 0,
    'unused-90d': 0,
  };
  const protecting = new Set<string>();
  for (const b of input.buckets)
    if (b.encryption.type === 'customer') protecting.add(b.encryption.keyId);
  const byId = new Map<string, KeyRecord>();
  // One pass over the keys: every figure below that is about keys is counted here.
  for (const k of keys) {
    if (protecting.has(k.id)) byId.set(k.id, k);
    const state = effectiveState(k, now);
    byState[state] = (byState[state] ?? 0) + 1;
    if (!DEFAULT_STATES.includes(state)) continue;
    for (const { id, test } of tests) if (test(k)) failing[id]++;
    if (k.extractable) byType.standard++;
    else byType.root++;
    if (k.expirationDate !== undefined && k.expirationDate > now) {
      const ahead = k.expirationDate - now;
      if (ahead <= 30 * DAY) expiringWithin.d30++;
      if (ahead <= 90 * DAY) {
        expiringWithin.d90++;
        const day = timeline[Math.floor((k.expirationDate - dayStart) / DAY)];
        if (day) day.expirations++;
      }
    }
    if (k.rotationDueAt !== undefined && k.rotationDueAt > now) {
      const ahead = k.rotationDueAt - now;
      if (ahead <= 30 * DAY) rotationsWithin.d30++;
      if (ahead <= 90 * DAY) {
        rotationsWithin.d90++;
        const day = timeline[Math.floor((k.rotationDueAt - dayStart) / DAY)];
        if (day) day.rotations++;
      }
    }
  }

  const operations = operationBuckets(input.hourly, now, input.range);
  const operationsTotal = operations.reduce(
    (sum, b) => ({ successes: sum.successes + b.successes, refusals: sum.refusals + b.refusals }),
    { successes: 0, refusals: 0 },
  );

  const perKey = new Map<string, number>();
  for (const b of input.buckets)
    if (b.encryption.type === 'customer' && byId.has(b.encryption.keyId))
      perKey.set(b.encryption.keyId, (perKey.get(b.encryption.keyId) ?? 0) + 1);
  const bucketsByKey: Dashboard['bucketsByKey'] = [];
  const bucketsByKeyState: Record<string, number> = {};
  for (const [keyId, count] of perKey) {
    const key = byId.get(keyId);
    if (!key) continue;
    const state = effectiveState(key, now);
    bucketsByKey.push({ keyId, keyName: key.name, state, buckets: count });
    bucketsByKeyState[state] = (bucketsByKeyState[state] ?? 0) + count;
  }
  bucketsByKey.sort((a, b) => b.buckets - a.buckets || a.keyName.localeCompare(b.keyName));

  // Who can read payloads: anywhere in the instance, or (for a user who sees only some rings or
  // keys) of a standard key among those.
  const standard = input.wholeInstance ? [] : keys.filter((k) => k.extractable);
  const readers = input.users
    .filter((u) => {
      const policies = input.policiesOf(u.id);
      if (!allowsAnywhereIn(policies, input.instanceId, 'readPayload')) return false;
      return (
        input.wholeInstance ||
        standard.some((k) => allows(policies, accessTargetOf(k), 'readPayload'))
      );
    })
    .map((u) => ({ id: u.id, name: u.name }));
  const keyCheck = (id: PostureKeyCheck): PostureCheck => {
    const count = failing[id];
    return { id, count, ok: count === 0, filter: POSTURE_FILTERS[id] };
  };
  const withoutDualAuth = keyCheck('instance-dual-auth');
  const posture: PostureCheck[] = [
    keyCheck('root-without-rotation'),
    keyCheck('expiring-30d'),
    // Fails when the instance's default is off; counts the keys that lack dual authorization.
    { ...withoutDualAuth, ok: input.dualAuthDefault },
    keyCheck('unused-90d'),
    { id: 'payload-readers', count: readers.length, ok: readers.length === 0, users: readers },
  ];

  return {
    now: new Date(now).toISOString(),
    range: input.range,
    byState,
    byType,
    timeline,
    expiringWithin,
    rotationsWithin,
    operations,
    operationsTotal,
    bucketsByKey,
    bucketsByKeyState,
    posture,
  };
}
