/**
 * What the Versions tab says of each version's last use (issue 11): the last wrap, unwrap or
 * rewrap that used that version, "unknown" for a version made before usage tracking began (it may
 * have been used then) and not used since, "never" for a newer one nobody used.
 */
import type { KeyUsage, KeyUse } from '../../../../domain/insights';

export type VersionUse = { kind: 'used'; use: KeyUse } | { kind: 'unknown' } | { kind: 'never' };

export function versionUse(
  usage: KeyUsage,
  version: { id: string; creationDate: string },
): VersionUse {
  const use = usage.versions[version.id];
  if (use) return { kind: 'used', use };
  return Date.parse(version.creationDate) < Date.parse(usage.trackingSince)
    ? { kind: 'unknown' }
    : { kind: 'never' };
}
