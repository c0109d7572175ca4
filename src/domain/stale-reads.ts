/**
 * Which cached engine reads each kind of change notice makes stale: the one table the console's
 * notice handler follows (client/engine-query.ts), so a change refreshes exactly what shows it and
 * mutations never invalidate by hand. Pure: a notice and a read's method and arguments in, a yes
 * or no out.
 *
 * Reading a row: `keys: { listKeys: 'instance' }` says "a change to a key makes every cached
 * `listKeys` of that key's instance stale". `verifyEvents` is in no row: it hashes the whole chain,
 * so it runs when the events page opens and on request, never on a notice.
 */
import type { AccessCheckRequest, KeywardApi, ListEventsQuery } from './api';
import type { AccessSubject, ChangeNotice } from './notices';

/** The engine methods the console caches as queries (everything else is a mutation or a stream). */
export const READ_METHODS = [
  'getSession',
  'getPermissions',
  'getKeyPermissions',
  'listKeys',
  'getKeyMetadata',
  'getKeyVersions',
  'getRegistrations',
  'listRegistrations',
  'getKeyPolicies',
  'listKeyRings',
  'getInstancePolicies',
  'listEvents',
  'verifyEvents',
  'listAuthorizations',
  'getInstanceUsage',
  'checkAccess',
  'getStoragePermissions',
  'listBuckets',
  'getBucket',
  'listObjects',
  'listEncryptionKeys',
  'getProtectedBuckets',
  // Hyper Protect crypto units (issue 10)
  'getHpcsState',
  // Dashboard, last used, notifications (issue 11)
  'getDashboard',
  'getKeyUsage',
  'getNotifications',
  // Presenter kit (issue 12)
  'listCheckpoints',
  'getWalkthrough',
  // The account seal (issue 14)
  'getSealStatus',
] as const satisfies readonly (keyof KeywardApi)[];

export type ReadMethod = (typeof READ_METHODS)[number];

/**
 * How far a notice reaches for one read:
 * - `any`: every cached call of the method;
 * - `instance`: calls on the notice's instance (all, when the notice names none);
 * - `key`: calls that name the notice's key (by id, or by an alias, which could be it; every call
 *   naming a key when the notice names none); calls that name no key stay fresh;
 * - `keyOrUnnamed`: as `key`, and calls that name no key are stale too (the events page beside a
 *   key's history).
 */
export type Reach = 'any' | 'instance' | 'key' | 'keyOrUnnamed';

/** A notice's kind: its topic, or for `access` its subject. */
export type NoticeKind = Exclude<ChangeNotice['topic'], 'access'> | AccessSubject;

/**
 * Every change records an event, so every row has the audit reads; the walkthrough in progress
 * ticks its steps off from the events, so it is among them.
 */
const AUDIT = { listEvents: 'keyOrUnnamed', getWalkthrough: 'any' } as const;

/** The account replaced whole (a checkpoint or backup restored, a reset, a scenario loaded). */
const EVERYTHING = Object.fromEntries(
  READ_METHODS.filter((m) => m !== 'verifyEvents').map((m) => [m, 'any']),
) as Partial<Record<ReadMethod, Reach>>;

export const STALE_READS: Record<NoticeKind, Partial<Record<ReadMethod, Reach>>> = {
  /** A key created, changed (state, aliases, ring, policies, versions), deleted or purged. */
  keys: {
    ...AUDIT,
    getSealStatus: 'any',
    getDashboard: 'instance',
    getNotifications: 'instance',
    getKeyUsage: 'key',
    listKeys: 'instance',
    // Key counts per ring.
    listKeyRings: 'instance',
    getKeyMetadata: 'key',
    getKeyVersions: 'key',
    getKeyPolicies: 'key',
    getRegistrations: 'key',
    listRegistrations: 'instance',
    getProtectedBuckets: 'key',
    // Permissions on a key follow its ring.
    getPermissions: 'key',
    getKeyPermissions: 'key',
    checkAccess: 'key',
    getInstanceUsage: 'any',
    // Buckets show their key's state; the key picker lists root keys (any kms instance).
    listBuckets: 'any',
    getBucket: 'any',
    listObjects: 'any',
    listEncryptionKeys: 'any',
    // Ceremony commands announce `keys` on their hpcs instance; key counts show there too.
    getHpcsState: 'instance',
  },
  keyRings: { ...AUDIT, listKeyRings: 'instance', getInstanceUsage: 'any' },
  /** The demo clock moved: everything computed from "now" (states, dates, due rotations). */
  clock: {
    ...AUDIT,
    getHpcsState: 'any',
    getDashboard: 'any',
    getNotifications: 'any',
    getSession: 'any',
    listKeys: 'any',
    getKeyMetadata: 'any',
    getKeyVersions: 'any',
    getKeyPolicies: 'any',
    getInstanceUsage: 'any',
    listBuckets: 'any',
    getBucket: 'any',
    listObjects: 'any',
    listEncryptionKeys: 'any',
  },
  /** Buckets, objects, registrations and rewraps of an object storage instance. */
  storage: {
    ...AUDIT,
    // Buckets by protecting key.
    getDashboard: 'any',
    listBuckets: 'instance',
    getBucket: 'instance',
    listObjects: 'instance',
    // Registrations live with the keys, in another instance.
    getRegistrations: 'any',
    listRegistrations: 'any',
    getProtectedBuckets: 'any',
    // Which buckets depend on an authorization.
    listAuthorizations: 'any',
    // How many buckets a zeroized Hyper Protect instance leaves unreadable.
    getHpcsState: 'any',
    getInstanceUsage: 'any',
  },
  importToken: { ...AUDIT },
  /**
   * Only the audit trail: a refused change, or a call such as wrap that changes no state. The
   * dashboard counts operations over time. Not the notifications: they follow keys (expiry,
   * rotation, deletion windows, dual-authorization approvals), the clock and who may act, and a
   * failed acknowledgement is announced by a `keys` notice for its key once its delivery has
   * committed (kms/key-notifications.ts); a stream of wraps must not rescan every key per notice.
   */
  events: { ...AUDIT, getDashboard: 'instance' },
  /** Last use of keys written with a batch of events (issue 11): usage, the "not used" check. */
  usage: { ...AUDIT, getKeyUsage: 'key', getDashboard: 'instance' },
  users: {
    ...AUDIT,
    getSession: 'any',
    checkAccess: 'any',
    getHpcsState: 'any',
    getDashboard: 'any',
  },
  policies: {
    ...AUDIT,
    // Custodians are the instance's Managers.
    getHpcsState: 'any',
    // Payload readers; what the acting user is told of.
    getDashboard: 'any',
    getNotifications: 'any',
    getSession: 'any',
    getPermissions: 'any',
    getKeyPermissions: 'any',
    getStoragePermissions: 'any',
    checkAccess: 'any',
    getInstanceUsage: 'any',
    listEncryptionKeys: 'any',
  },
  instances: {
    ...AUDIT,
    getSession: 'any',
    getInstanceUsage: 'any',
    listAuthorizations: 'any',
    getPermissions: 'any',
    getKeyPermissions: 'any',
    getStoragePermissions: 'any',
    checkAccess: 'any',
    listEncryptionKeys: 'any',
    listKeys: 'instance',
    listKeyRings: 'instance',
    listBuckets: 'instance',
    getBucket: 'instance',
  },
  authorizations: {
    ...AUDIT,
    listAuthorizations: 'any',
    listEncryptionKeys: 'any',
    listBuckets: 'any',
    getBucket: 'any',
    getInstanceUsage: 'any',
  },
  instancePolicies: { ...AUDIT, getInstancePolicies: 'instance', getDashboard: 'instance' },
  account: { ...EVERYTHING, ...AUDIT },
  /** Checkpoints saved or deleted; a walkthrough started or ended (issue 12). */
  presenter: { ...AUDIT, listCheckpoints: 'any' },
};

const ACCESS_SUBJECTS: readonly AccessSubject[] = [
  'users',
  'policies',
  'instances',
  'authorizations',
  'instancePolicies',
];

/** The kinds a notice stands for: an `access` notice without a subject stands for all of them. */
export function noticeKinds(notice: ChangeNotice): NoticeKind[] {
  if (notice.topic !== 'access') return [notice.topic];
  return notice.subject ? [notice.subject] : [...ACCESS_SUBJECTS];
}

/** One cached engine read: its method, the instance of its call context, its other arguments. */
export interface ReadCall {
  method: ReadMethod;
  /** Absent for `getSession`, which takes no call context. */
  instanceId?: string;
  args: readonly unknown[];
}

/** The keys (ids or aliases) a read names, if any. */
export function keysNamed(call: ReadCall): string[] {
  const [first] = call.args;
  switch (call.method) {
    case 'getKeyPermissions':
      return Array.isArray(first) ? first.filter((k): k is string => typeof k === 'string') : [];
    case 'listEvents': {
      const target = (first as ListEventsQuery | undefined)?.target;
      return target ? [target] : [];
    }
    case 'checkAccess': {
      const keyId = (first as AccessCheckRequest | undefined)?.keyId;
      return keyId ? [keyId] : [];
    }
    case 'getPermissions':
    case 'getKeyMetadata':
    case 'getKeyVersions':
    case 'getKeyPolicies':
    case 'getRegistrations':
    case 'getProtectedBuckets':
    case 'getKeyUsage':
      return typeof first === 'string' ? [first] : [];
    default:
      return [];
  }
}

/** Key ids are UUIDs; anything else a read names a key by is an alias (or a CRN). */
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sameInstance(notice: ChangeNotice, call: ReadCall): boolean {
  return notice.instanceId === undefined || call.instanceId === notice.instanceId;
}

function reaches(reach: Reach, notice: ChangeNotice, call: ReadCall): boolean {
  switch (reach) {
    case 'any':
      return true;
    case 'instance':
      return sameInstance(notice, call);
    case 'key':
    case 'keyOrUnnamed': {
      const named = keysNamed(call);
      if (named.length === 0) return reach === 'keyOrUnnamed';
      if (notice.keyId === undefined) return sameInstance(notice, call);
      return named.some((k) => k === notice.keyId || !KEY_ID.test(k));
    }
  }
}

/** Whether `notice` makes the cached read `call` stale. */
export function isStaleAfter(notice: ChangeNotice, call: ReadCall): boolean {
  return noticeKinds(notice).some((kind) => {
    const reach = STALE_READS[kind][call.method];
    return reach !== undefined && reaches(reach, notice, call);
  });
}

export function isReadMethod(name: unknown): name is ReadMethod {
  return (READ_METHODS as readonly unknown[]).includes(name);
}
