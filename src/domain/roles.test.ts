import { describe, expect, it } from 'vitest';
import {
  leastRoleFor,
  PERMISSIONS,
  roleAllows,
  SERVICE_ROLES,
  type KeyAction,
  type ServiceRole,
} from './roles';

/** SPEC.md section 2, written out again: which roles allow each action. */
const SPEC_TABLE: Record<KeyAction, ServiceRole[]> = {
  read: ['Reader', 'ReaderPlus', 'Writer', 'Manager'],
  wrap: ['Reader', 'ReaderPlus', 'Writer', 'Manager'],
  readPayload: ['ReaderPlus', 'Writer', 'Manager'],
  write: ['Writer', 'Manager'],
  scheduleDeletion: ['Writer', 'Manager'],
  manage: ['Manager'],
  policy: ['Manager'],
  purge: ['KeyPurge'],
};

describe('the permission table', () => {
  for (const [action, roles] of Object.entries(SPEC_TABLE) as [KeyAction, ServiceRole[]][]) {
    it(`${action}: ${roles.join(', ')}`, () => {
      for (const role of SERVICE_ROLES)
        expect([role, roleAllows([role], action)]).toEqual([role, roles.includes(role)]);
      expect([...PERMISSIONS[action]].sort()).toEqual([...roles].sort());
    });
  }
  it('names the least role that allows each action', () => {
    expect(leastRoleFor('read')).toBe('Reader');
    expect(leastRoleFor('wrap')).toBe('Reader');
    expect(leastRoleFor('readPayload')).toBe('ReaderPlus');
    expect(leastRoleFor('write')).toBe('Writer');
    expect(leastRoleFor('scheduleDeletion')).toBe('Writer');
    expect(leastRoleFor('manage')).toBe('Manager');
    expect(leastRoleFor('policy')).toBe('Manager');
    expect(leastRoleFor('purge')).toBe('KeyPurge');
  });
  it('adds roles up', () => {
    expect(roleAllows(['Reader', 'KeyPurge'], 'purge')).toBe(true);
    expect(roleAllows(['Reader', 'KeyPurge'], 'wrap')).toBe(true);
    expect(roleAllows(['Reader', 'KeyPurge'], 'write')).toBe(false);
    expect(roleAllows([], 'read')).toBe(false);
  });
  it('KeyPurge allows nothing but purge', () => {
    for (const action of Object.keys(SPEC_TABLE) as KeyAction[])
      expect([action, roleAllows(['KeyPurge'], action)]).toEqual([action, action === 'purge']);
  });
});
