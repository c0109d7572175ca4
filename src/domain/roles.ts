/**
 * Roles and the permission table of SPEC.md section 2. Pure data: which service role grants
 * which action. Scope matching (instance, ring, key) lives in the engine's iam area.
 */

export const SERVICE_ROLES = ['Reader', 'ReaderPlus', 'Writer', 'Manager', 'KeyPurge'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];
export type PlatformRole = 'Administrator';
export type Role = ServiceRole | PlatformRole;

export type KeyAction =
  | 'read' // list keys, metadata, versions, rings, registrations
  | 'wrap' // wrap, unwrap, rewrap
  | 'readPayload'
  | 'write' // create, import, rotate, import token, create ring, add alias
  | 'scheduleDeletion' // setKeyForDeletion / unsetKeyForDeletion
  | 'manage' // enable, disable, delete, restore, move, delete alias, delete ring
  | 'policy' // read and set key and instance policies
  | 'purge';

const READERS: readonly ServiceRole[] = ['Reader', 'ReaderPlus', 'Writer', 'Manager'];
const WRITERS: readonly ServiceRole[] = ['Writer', 'Manager'];

export const PERMISSIONS: Readonly<Record<KeyAction, readonly ServiceRole[]>> = {
  read: READERS,
  wrap: READERS,
  readPayload: ['ReaderPlus', 'Writer', 'Manager'],
  write: WRITERS,
  scheduleDeletion: WRITERS,
  manage: ['Manager'],
  policy: ['Manager'],
  purge: ['KeyPurge'],
};

export const ACTION_LABELS: Readonly<Record<KeyAction, string>> = {
  read: 'read keys',
  wrap: 'wrap and unwrap',
  readPayload: "read a standard key's payload",
  write: 'create, import and rotate keys',
  scheduleDeletion: 'schedule key deletion',
  manage: 'enable, disable, delete and restore keys',
  policy: 'read and set policies',
  purge: 'purge deleted keys',
};

/** The least role that allows an action: named in denials and in disabled-control tooltips. */
export function leastRoleFor(action: KeyAction): ServiceRole {
  const role = PERMISSIONS[action][0];
  if (!role) throw new Error(`no role allows ${action}`);
  return role;
}

export function roleAllows(roles: Iterable<ServiceRole>, action: KeyAction): boolean {
  const allowed = PERMISSIONS[action];
  for (const role of roles) if (allowed.includes(role)) return true;
  return false;
}
