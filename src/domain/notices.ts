/**
 * Change notices: after each committed change the engine posts one on a BroadcastChannel so every
 * tab (its engine and its console) refreshes what the change touched. Which cached reads each kind
 * of notice makes stale is the table in `stale-reads.ts`.
 */

import { currentActionName } from './event-names';

export const CHANGE_CHANNEL = 'keyward-changes';

/** What in the account's directory an `access` notice changed. */
export type AccessSubject =
  /** Users added (a removal also removes policies: `policies`). */
  | 'users'
  /** Who may do what: policies granted or revoked, users removed with theirs. */
  | 'policies'
  /** Service instances created, renamed or deleted. */
  | 'instances'
  /** Service authorizations created or deleted. */
  | 'authorizations'
  /** An instance's policies (create/import rules, defaults for new keys). */
  | 'instancePolicies';

export interface ChangeNotice {
  /**
   * What changed: key data, the demo clock, the directory (users, policies, instances,
   * authorizations, instance policies: see `subject`), key rings, object storage, an import
   * token, or only the audit trail (`events`: calls that recorded an event and changed nothing,
   * such as wrap, or a refused change), or the last use of keys (`usage`, written with the
   * group-committed events; issue 11).
   */
  topic:
    | 'keys'
    | 'clock'
    | 'access'
    | 'keyRings'
    | 'storage'
    | 'importToken'
    | 'events'
    | 'usage'
    /** The whole account replaced: a checkpoint or backup restored, a reset, a scenario. */
    | 'account'
    /** The presenter's checkpoints or walkthrough (issue 12). */
    | 'presenter';
  instanceId?: string;
  keyId?: string;
  clockOffsetMs?: number;
  /** For `access`: what in the directory changed (absent: anything may have). */
  subject?: AccessSubject;
}

/** How an engine worker passes a notice to its own page (beside the RPC, which ignores it). */
export interface NoticeMessage {
  keywardNotice: ChangeNotice;
}

export function isNoticeMessage(data: unknown): data is NoticeMessage {
  return typeof data === 'object' && data !== null && 'keywardNotice' in data;
}

/**
 * Actions whose events are never announced with an `events` notice: the reads the console makes
 * as cached queries. Why: a refetch of the events page is itself such a read; announcing it
 * would refetch again, forever. Their events still reach the trail (and show at the next refresh).
 */
export const QUERY_ACTIONS: ReadonlySet<string> = new Set([
  'kms.secrets.list',
  'kms.secrets.head',
  'kms.secrets-metadata.read',
  'kms.secrets-key-versions.list',
  'kms.registrations.list',
  'kms.policies.read',
  'kms.instance-policies.read',
  'kms.key-rings.list',
  'keyward.events.list',
  'keyward.events.verify',
  'iam.authorization.list',
  'iam.instance.list',
  'iam.policy.check',
  'cloud-object-storage.instance.list',
  'cloud-object-storage.bucket-metadata.read',
  'cloud-object-storage.bucket.list-keys',
  'cloud-object-storage.bucket.list',
  'cloud-object-storage.object.list',
  'hs-crypto.tke-cryptounit.read',
  // Dashboard, last used, notifications (issue 11)
  'keyward.dashboard.read',
  'keyward.key-usage.read',
  'keyward.notifications.list',
  // Presenter kit (issue 12)
  'keyward.checkpoints.list',
  'keyward.walkthrough.read',
]);

/** Steps of an object transfer: many per file, announced only when one fails. */
const TRANSFER_STEP_ACTIONS: ReadonlySet<string> = new Set([
  'cloud-object-storage.object-metadata.read',
  'cloud-object-storage.object-multipart.part',
  'cloud-object-storage.object.read',
]);

/**
 * Whether a call that committed nothing (a refusal, or a success such as wrap that changes no
 * state) posts an `events` notice for the event it recorded.
 */
export function announcesEvent(action: string, outcome: 'success' | 'failure'): boolean {
  // Names as Key Protect's today (SPEC section 12); an old name reads as its current one.
  const name = currentActionName(action);
  if (QUERY_ACTIONS.has(name)) return false;
  return outcome === 'failure' || !TRANSFER_STEP_ACTIONS.has(name);
}
