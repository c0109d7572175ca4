/**
 * What the bucket's key state means for its data, in words (SPEC section 10), or nothing when all
 * is well: the banner above a bucket's tabs.
 */
import { KeyState } from '../../domain/key-state';
import type { Bucket } from '../../domain/storage';

export interface KeyBannerText {
  kind: 'warning' | 'error';
  title: string;
  detail: string;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function keyBannerText(bucket: Bucket): KeyBannerText | undefined {
  const key = bucket.key;
  if (bucket.encryption.type === 'provider' || !key?.problem) return undefined;
  const n = bucket.objectCount;
  const objects = n === 1 ? 'this object' : `these ${n} objects`;
  const shredded = `Cryptographically shredded: ${objects} can no longer be read`;
  if (!key.reachable)
    return {
      kind: 'error',
      title: 'The bucket cannot reach its key',
      detail: n > 0 ? `${key.problem} ${capital(objects)} can no longer be read.` : key.problem,
    };
  // Hyper Protect: the key's instance was zeroized (SPEC section 11).
  if (key.masterKeyMissing) return { kind: 'error', title: shredded, detail: key.problem };
  if (key.state === KeyState.Destroyed)
    return {
      kind: 'error',
      title: shredded,
      detail: `The root key “${key.name}” was deleted. The objects are still listed and counted, but their data keys cannot be unwrapped: nothing can be read or written. Restoring the key within 30 days makes them readable again; once the key is purged, the loss is permanent.`,
    };
  if (key.state === KeyState.Suspended)
    return {
      kind: 'error',
      title: `Key disabled: ${objects} cannot be read or written`,
      detail: `The root key “${key.name}” is disabled. Reads and writes are refused until a Manager enables the key again; no data is lost.`,
    };
  return {
    kind: 'warning',
    title: 'Key expired: the bucket is read-only',
    detail: `The root key “${key.name}” has expired. Its objects can still be read, but nothing new can be written.`,
  };
}
