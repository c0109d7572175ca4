/**
 * Change notices: after each committed change the engine posts one on a BroadcastChannel so every
 * tab (its engine and its console) refreshes what the change touched.
 */

export const CHANGE_CHANNEL = 'keyward-changes';

export interface ChangeNotice {
  /** What changed: key data, the demo clock, users and policies, key rings, or object storage. */
  topic: 'keys' | 'clock' | 'access' | 'keyRings' | 'storage' | 'usage';
  instanceId?: string;
  keyId?: string;
  clockOffsetMs?: number;
}

/** How an engine worker passes a notice to its own page (beside the RPC, which ignores it). */
export interface NoticeMessage {
  keywardNotice: ChangeNotice;
}

export function isNoticeMessage(data: unknown): data is NoticeMessage {
  return typeof data === 'object' && data !== null && 'keywardNotice' in data;
}
