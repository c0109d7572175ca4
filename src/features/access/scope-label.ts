/** How policies read on the Access page: roles, scopes and what each role allows. */
import type { Role } from '../../domain/roles';
import type { PolicyScope, ServiceInstance } from '../../domain/types';

export const ROLE_CHOICES: readonly Role[] = [
  'Reader',
  'ReaderPlus',
  'Writer',
  'Manager',
  'KeyPurge',
  'Administrator',
];

export const ROLE_HELP: Readonly<Record<Role, string>> = {
  Reader: 'List keys and key rings, read metadata, wrap and unwrap.',
  ReaderPlus: 'Everything Reader does, and read standard keys’ payloads.',
  Writer: 'ReaderPlus, and create, import and rotate keys, add aliases, schedule deletion.',
  Manager: 'Writer, and enable, disable, delete and restore keys, and set policies.',
  KeyPurge: 'Purge Deleted keys (from 4 hours after deletion). Nothing else.',
  Administrator: 'Account-wide: manage instances, users, access and service authorizations.',
};

export function scopeLabel(scope: PolicyScope, instances: readonly ServiceInstance[]): string {
  if (scope.instanceId === undefined) return 'Account';
  const name = instances.find((i) => i.id === scope.instanceId)?.name ?? 'a removed instance';
  if (scope.keyId !== undefined) return `${name} › key ${scope.keyId}`;
  if (scope.keyRingID !== undefined) return `${name} › key ring ${scope.keyRingID}`;
  return name;
}
