/**
 * Event action names (SPEC.md section 12): Key Protect's and Cloud Object Storage's current
 * names, and the names Keyward recorded before it adopted them. Stored events keep the name they
 * were written with (history is never rewritten); `currentActionName` reads an old one as today's,
 * and `actionMatches` lets a filter written with either name find events stored under either.
 *
 * One old name is ambiguous: `cloud-object-storage.bucket.list` used to mean listing an
 * instance's buckets (now `.instance.list`) and now means listing a bucket's objects (was
 * `.object.list`); a stored `bucket.list` is read as the old meaning only when it is old, which the
 * name alone cannot tell, so a filter on either finds it.
 */

/** Old name → current name. */
export const LEGACY_ACTION_NAMES: Readonly<Record<string, string>> = {
  'kms.secrets.readmetadata': 'kms.secrets-metadata.read',
  'kms.secrets.listkeyversions': 'kms.secrets-key-versions.list',
  'kms.secrets.createalias': 'kms.secrets-alias.create',
  'kms.secrets.deletealias': 'kms.secrets-alias.delete',
  'kms.secrets.setkeyring': 'kms.secrets.patch',
  'kms.keyrings.create': 'kms.key-rings.create',
  'kms.keyrings.delete': 'kms.key-rings.delete',
  'kms.keyrings.list': 'kms.key-rings.list',
  'cloud-object-storage.key-notification.acknowledge': 'kms.secrets-event.ack',
  'cloud-object-storage.bucket.rewrap': 'cloud-object-storage.bucket-key-state.update',
  'cloud-object-storage.bucket.read': 'cloud-object-storage.bucket-metadata.read',
  'cloud-object-storage.object.write': 'cloud-object-storage.object.create',
  'cloud-object-storage.object.head': 'cloud-object-storage.object-metadata.read',
  'cloud-object-storage.object.list': 'cloud-object-storage.bucket.list',
  'cloud-object-storage.object.upload-start': 'cloud-object-storage.object-multipart.start',
  'cloud-object-storage.object.upload-part': 'cloud-object-storage.object-multipart.part',
  'cloud-object-storage.object.upload-abort': 'cloud-object-storage.object-multipart.abort',
};

/** The current name of a stored action (itself when it is current). */
export function currentActionName(action: string): string {
  return LEGACY_ACTION_NAMES[action] ?? action;
}

/** The old names of a current action. */
export function legacyNamesOf(action: string): string[] {
  return Object.entries(LEGACY_ACTION_NAMES)
    .filter(([, now]) => now === action)
    .map(([old]) => old);
}

/**
 * Whether a stored action matches an action filter (a prefix): by the name it was stored with,
 * or by its current name; a filter naming an old action also finds events under the new one.
 */
export function actionMatches(filter: string, stored: string): boolean {
  const names = [stored, currentActionName(stored)];
  const filters = [filter, currentActionName(filter)];
  return names.some((name) => filters.some((f) => name.startsWith(f)));
}
