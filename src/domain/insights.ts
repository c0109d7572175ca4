/**
 * The dashboard, last-used and notifications part of the engine's API (SPEC section 15), merged
 * into `KeywardApi`: what the engine computes from its key records, usage records and events so
 * the console never needs every key or event to draw a chart.
 */
import type { CallContext } from './api-common';
import type { KeyState } from './key-state';

/** Key-list filters of the keys page, as the engine's `listKeys` accepts them (additive fields). */
export interface KeyListFilter {
  state?: KeyState[];
  extractable?: boolean;
  /** Expiration date after now and at most this many days ahead. */
  expiringWithinDays?: number;
  /** Rotation policy due after now and at most this many days ahead. */
  rotationDueWithinDays?: number;
  /** Root keys whose rotation policy is not enabled. */
  noRotationPolicy?: boolean;
  /** Keys whose dual authorization for deletion is on (true) or off (false). */
  dualAuthDelete?: boolean;
  /**
   * Keys known not to have been used (wrap, unwrap, rewrap) for this many days: their last use is
   * older, or none was recorded while tracking ran that whole time and the key existed.
   */
  notUsedForDays?: number;
}

/** One use of a key: the event of a successful wrap, unwrap or rewrap. */
export interface KeyUse {
  time: string;
  action: 'wrap' | 'unwrap' | 'rewrap';
  userId: string;
  userName: string;
  eventId: string;
}

export interface KeyUsage {
  keyId: string;
  /** `unknown`: the key is older than usage tracking and has no use recorded since. */
  status: 'used' | 'never' | 'unknown';
  last?: KeyUse;
  /** The last use per key version id (versions used since tracking began). */
  versions: Record<string, KeyUse>;
  /** When usage tracking began in this database. */
  trackingSince: string;
}

export type DashboardRange = '24h' | '7d' | '30d';

export interface OperationsBucket {
  /** Start of the bucket (ISO). */
  start: string;
  successes: number;
  refusals: number;
}

export interface PostureCheck {
  id:
    | 'root-without-rotation'
    | 'expiring-30d'
    | 'instance-dual-auth'
    | 'unused-90d'
    | 'payload-readers';
  /** What is counted (keys or users) that fail the check. */
  count: number;
  /** true when the check passes (nothing to fix). */
  ok: boolean;
  /** The keys-list filter that lists exactly the counted keys (key checks only). */
  filter?: KeyListFilter;
  /** The users counted (payload readers): id and name. */
  users?: { id: string; name: string }[];
}

export interface Dashboard {
  now: string;
  range: DashboardRange;
  /** Keys (every state but purged) by state number. */
  byState: Record<string, number>;
  /** Keys in the default states (Active, Suspended, Deactivated) by type. */
  byType: { root: number; standard: number };
  /** Next 90 days, day by day from now: expirations and scheduled rotations. */
  timeline: { day: string; expirations: number; rotations: number }[];
  expiringWithin: { d30: number; d90: number };
  rotationsWithin: { d30: number; d90: number };
  /** Events of the instance in the range, by hour (24 h) or day (7 d, 30 d). */
  operations: OperationsBucket[];
  operationsTotal: { successes: number; refusals: number };
  /** Buckets protected by this instance's keys, per key, with the key's state. */
  bucketsByKey: { keyId: string; keyName: string; state: KeyState; buckets: number }[];
  bucketsByKeyState: Record<string, number>;
  posture: PostureCheck[];
}

export type NotificationKind =
  | 'expiring'
  | 'rotation-due'
  | 'restore-ending'
  | 'purge-possible'
  | 'dual-auth-approval'
  | 'ack-failed';

export interface KeywardNotification {
  /** Stable while the condition lasts (kind and key). */
  id: string;
  kind: NotificationKind;
  keyId: string;
  keyName: string;
  /** The moment the notification is about (expiry, rotation, window end, purge from, failure). */
  at: string;
  message: string;
}

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'expiring',
  'rotation-due',
  'restore-ending',
  'purge-possible',
  'dual-auth-approval',
  'ack-failed',
];

/** How far ahead the kinds with a keys-page filter warn, in days (the filter links use these). */
export const EXPIRING_SOON_DAYS = 30;
export const ROTATION_SOON_DAYS = 7;

/** How many notifications an answer lists unless asked otherwise (the header panel's), at most. */
export const NOTIFICATIONS_LIMIT = 50;
export const NOTIFICATIONS_LIMIT_MAX = 500;

/** The header's notifications: the most urgent ones, and how many there are of each kind. */
export interface NotificationList {
  /** At most `limit` (default 50), the earliest moment first. */
  notifications: KeywardNotification[];
  /** Every notification that holds for the acting user, listed or not. */
  total: number;
  /** The same, per kind (every kind present, 0 when none). */
  totals: Record<NotificationKind, number>;
}

export interface InsightsApi {
  /**
   * The dashboard of the instance, over what the acting user may read (a ring- or key-scoped
   * user: those keys and their events; account events: Administrators only). Audited as a read.
   */
  getDashboard(ctx: CallContext, options?: { range?: DashboardRange }): Promise<Dashboard>;
  /** A key's last use, overall and per version (needs read on the key). */
  getKeyUsage(ctx: CallContext, keyIdOrAlias: string): Promise<KeyUsage>;
  /**
   * What needs the acting user's attention in the instance, on the engine clock: the `limit`
   * most urgent (default 50, at most 500) with exact totals.
   */
  getNotifications(ctx: CallContext, options?: { limit?: number }): Promise<NotificationList>;
}

export const INSIGHTS_API_METHODS = ['getDashboard', 'getKeyUsage', 'getNotifications'] as const;
