/** A root key for tests of the keys feature, enabled and generated unless `patch` says otherwise. */
import { KeyState } from '../../domain/key-state';
import {
  leastRoleFor,
  PERMISSIONS,
  roleAllows,
  type KeyAction,
  type ServiceRole,
} from '../../domain/roles';
import type { Key, Permission, Permissions } from '../../domain/types';

export function testKey(i: number, patch: Partial<Key> = {}): Key {
  return {
    id: `id-${i}`,
    instanceId: 'kms-1',
    name: `key-${i}`,
    aliases: [],
    keyRingID: 'default',
    state: KeyState.Active,
    extractable: false,
    imported: false,
    crn: `crn:v1:key:${i}`,
    creationDate: '2026-01-01T00:00:00.000Z',
    createdBy: 'user-manager',
    lastUpdateDate: '2026-01-01T00:00:00.000Z',
    keyVersion: { id: `id-${i}`, creationDate: '2026-01-01T00:00:00.000Z' },
    dualAuthDelete: { enabled: false, keySetForDeletion: false },
    deleted: false,
    restoreAllowed: false,
    purgeAllowed: false,
    ...patch,
  };
}

/** What a role may do on a key, by the same rules the engine answers `getPermissions` with. */
export function testPermissions(role: ServiceRole): Permissions {
  const entries = Object.keys(PERMISSIONS).map((action) => {
    const a = action as KeyAction;
    const permission: Permission = roleAllows([role], a)
      ? { allowed: true }
      : { allowed: false, needs: leastRoleFor(a) };
    return [a, permission] as const;
  });
  return Object.fromEntries(entries) as Permissions;
}
