/**
 * Routine reads (issue 15): the successful list and metadata reads the console makes to draw its
 * pages (listing keys, reading a key's metadata, the session, permissions, the dashboard, the
 * events page itself). An auditor hides them by default to see what was done; the engine leaves
 * them out of `listEvents` when asked (`routineReads: false`), so paging and counts stay exact.
 *
 * What stays visible whatever the setting: every refused or failed call (a denied read is what an
 * auditor looks for), reads of key material or data (`kms.secrets.read` of a payload, object
 * downloads, import-token reads, which use a retrieval), crypto operations and every change.
 */
import { currentActionName } from './event-names';
import { QUERY_ACTIONS } from './notices';
import type { AuditEvent } from './types';

/** Current names of the routine read actions (Key Protect's `kms.` names for hpcs instances too). */
export const ROUTINE_READ_ACTIONS: ReadonlySet<string> = new Set([
  // The reads the console caches as queries (domain/notices.ts).
  ...QUERY_ACTIONS,
  // Reads the console makes on every page or before every control, not cached as such.
  'keyward.session.read',
  'keyward.permissions.read',
  'keyward.seal.read',
  'iam.access.check',
  'cloud-object-storage.keys.list',
  'cloud-object-storage.permissions.read',
  'cloud-object-storage.object-metadata.read',
]);

/** An hpcs instance's key operations are Key Protect's under `hs-crypto.` (SPEC section 11). */
function kmsNameOf(action: string): string {
  const name = currentActionName(action);
  return name.startsWith('hs-crypto.') && !name.startsWith('hs-crypto.tke')
    ? `kms.${name.slice('hs-crypto.'.length)}`
    : name;
}

/** Whether an event is a routine read: a successful call of a routine read action. */
export function isRoutineRead(event: Pick<AuditEvent, 'action' | 'outcome'>): boolean {
  return event.outcome === 'success' && ROUTINE_READ_ACTIONS.has(kmsNameOf(event.action));
}
