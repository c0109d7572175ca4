/**
 * Which events a user may see (SPEC section 12: "a user sees the events of what they may read").
 *
 * - An Administrator sees every event of the instance and the account's own (access) events.
 * - Account events (`iam.*`, or events aimed at no instance) hold users' names and emails and
 *   who may do what: Administrators only.
 * - An event about a key is visible to whoever may read that key (a policy on the instance, the
 *   key's ring or the key). A purged key is gone: its events need read on the whole instance.
 * - An event about a key ring needs read on that ring; any other event of the instance (lists,
 *   instance policies, import tokens) needs read on the whole instance.
 */
import { parseCrn } from '../../domain/crn';
import type { AccessPolicy, AuditEvent } from '../../domain/types';
import { allows, isAdministrator } from '../iam/access';

export function eventVisibleTo(
  policies: readonly AccessPolicy[],
  instanceId: string,
  ringOfKey: ReadonlyMap<string, string>,
): (e: AuditEvent) => boolean {
  const admin = isAdministrator(policies);
  const readsInstance = allows(policies, { instanceId }, 'read');
  return (e) => {
    const accountEvent = e.action.startsWith('iam.') || !e.target.instanceId;
    if (accountEvent) return admin;
    if (admin || readsInstance) return true;
    const keyId = e.target.keyId;
    if (keyId !== undefined) {
      const keyRingID = ringOfKey.get(keyId);
      return keyRingID !== undefined && allows(policies, { instanceId, keyRingID, keyId }, 'read');
    }
    const crn = parseCrn(e.target.crn);
    if (crn?.resourceType === 'key-ring')
      return allows(policies, { instanceId, keyRingID: crn.resource }, 'read');
    return false;
  };
}

/**
 * The names of the keys `events` aim at (key id → name), for targets that read as names. Only
 * keys of `keys` (the instance's, as the key cache holds them): a purged key's id stays an id.
 * Whoever sees an event may read its key, so its name tells them nothing new.
 */
export function keyNamesOf(
  events: readonly AuditEvent[],
  keys: readonly { id: string; name: string }[],
): Record<string, string> {
  const wanted = new Set(events.flatMap((e) => (e.target.keyId ? [e.target.keyId] : [])));
  const names: Record<string, string> = {};
  for (const key of keys) if (wanted.has(key.id)) names[key.id] = key.name;
  return names;
}
