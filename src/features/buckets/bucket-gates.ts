/**
 * What the bucket's key state lets a person do with its objects, as a permission a GatedButton
 * shows: a download the engine would refuse is disabled with the key's problem as the reason.
 */
import type { Bucket } from '../../domain/storage';
import type { Permission } from '../../domain/types';

export function downloadGate(bucket: Bucket): Permission {
  if (bucket.access.read) return { allowed: true };
  return {
    allowed: false,
    reason: `Cannot be read: ${bucket.key?.problem ?? 'the bucket’s key does not allow reading.'}`,
  };
}
