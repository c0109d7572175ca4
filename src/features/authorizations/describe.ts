/** How authorizations read in the console: instance names, scopes, and what Reader allows. */
import { INSTANCE_KIND_LABELS } from '../../domain/access-validation';
import type { ServiceAuthorization, ServiceInstance } from '../../domain/types';

export const READER_EXPLANATION =
  'Reader lets the storage service find the root keys in scope and use them to wrap and unwrap its data encryption keys (and to rewrap them after a rotation). It cannot create, rotate, disable or delete keys, read payloads, or change policies.';

export function instanceLabel(id: string, instances: readonly ServiceInstance[]): string {
  const instance = instances.find((i) => i.id === id);
  return instance ? instance.name : `removed instance ${id}`;
}

export function serviceLabel(id: string, instances: readonly ServiceInstance[]): string {
  const instance = instances.find((i) => i.id === id);
  return instance ? INSTANCE_KIND_LABELS[instance.kind] : '';
}

export function scopeText(a: Pick<ServiceAuthorization, 'keyRingID' | 'keyId'>): string {
  if (a.keyId !== undefined) return `Key ${a.keyId}`;
  if (a.keyRingID !== undefined) return `Key ring ${a.keyRingID}`;
  return 'All keys';
}
