/**
 * What the key-rings page knows of the engine's ring rules, to explain disabled controls before
 * the engine is asked (the engine checks them again): the quota, `default`, and which keys block
 * a deletion.
 */
import type { KeyRing } from '../../../domain/types';

/** The engine's limit of key rings per instance besides `default` (Key Protect's 50). */
export const MAX_KEY_RINGS = 50;
export const DEFAULT_RING = 'default';

/** Why a ring cannot be deleted whatever the user's role, or undefined when it can. */
export function deleteBlocker(ring: KeyRing): string | undefined {
  if (ring.id === DEFAULT_RING) return 'The default key ring always exists and cannot be deleted.';
  const live = ring.keyCount - ring.deletedKeyCount;
  if (live > 0)
    return `${live} key${live === 1 ? ' is' : 's are'} not deleted: delete ${live === 1 ? 'it' : 'them'} or move ${live === 1 ? 'it' : 'them'} to another ring first.`;
  return undefined;
}
