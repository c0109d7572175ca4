import { describe, expect, it } from 'vitest';
import type { ServiceInstance } from '../../domain/types';
import {
  allowanceText,
  INITIAL,
  keyChoiceText,
  keySearchQuery,
  problemsOf,
  requestOf,
  stepsOf,
  withFacts,
  type Choices,
  type KeyChoice,
} from './authorization-draft';

const instance = (id: string, kind: ServiceInstance['kind'], name: string): ServiceInstance => ({
  id,
  kind,
  name,
  region: 'us-south',
  crn: `crn:${id}`,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const cos = instance('cos-1', 'cos', 'Photos storage');
const cos2 = instance('cos-2', 'cos', 'Backups storage');
const kms = instance('kms-1', 'kms', 'Payroll keys');
const hpcs = instance('hpcs-1', 'hpcs', 'Vault');
const payroll: KeyChoice = {
  id: 'k-1',
  name: 'payroll-root',
  aliases: ['payroll', 'pay'],
  state: 1,
};

const chosen: Choices = { ...INITIAL, sourceInstanceId: 'cos-1', targetInstanceId: 'kms-1' };

describe('authorization wizard steps', () => {
  it('choosing the source is a step only when there is more than one storage instance', () => {
    expect(stepsOf([cos, kms, hpcs])).toEqual(['target', 'review']);
    expect(stepsOf([cos, cos2, kms])).toEqual(['source', 'target', 'review']);
    // None: the source step stays, to say so.
    expect(stepsOf([kms])).toEqual(['source', 'target', 'review']);
  });

  it('the only storage instance is filled in as a fact; of several, none is chosen for the user', () => {
    expect(withFacts(INITIAL, [cos, kms]).sourceInstanceId).toBe('cos-1');
    expect(withFacts(INITIAL, [cos, cos2, kms]).sourceInstanceId).toBe('');
    expect(withFacts({ ...INITIAL, sourceInstanceId: 'cos-2' }, [cos, cos2]).sourceInstanceId).toBe(
      'cos-2',
    );
  });
});

describe('authorization wizard choices', () => {
  it('the source step needs an object storage instance', () => {
    expect(problemsOf('source', INITIAL)).toEqual({
      sourceInstanceId: 'Choose the object storage instance that will use the keys.',
    });
    expect(problemsOf('source', chosen)).toEqual({});
  });

  it('the target step needs an instance, then a picked ring or key for those scopes', () => {
    expect(problemsOf('target', { ...INITIAL, sourceInstanceId: 'cos-1' })).toEqual({
      targetInstanceId: 'Choose the instance whose keys it may use.',
    });
    expect(problemsOf('target', chosen)).toEqual({});
    expect(problemsOf('target', { ...chosen, scopeKind: 'ring' })).toEqual({
      ring: 'Choose the key ring whose keys it may use.',
    });
    expect(problemsOf('target', { ...chosen, scopeKind: 'ring', ring: 'payroll-ring' })).toEqual(
      {},
    );
    expect(problemsOf('target', { ...chosen, scopeKind: 'key' })).toEqual({
      key: 'Choose the root key it may use.',
    });
    // A ring picked before switching to "one key" is not held against the key scope.
    expect(problemsOf('target', { ...chosen, scopeKind: 'key', ring: 'x', key: payroll })).toEqual(
      {},
    );
    expect(problemsOf('review', INITIAL)).toEqual({});
  });

  it('asks the engine for exactly the chosen scope, a key by its id', () => {
    expect(requestOf(chosen)).toEqual({
      sourceInstanceId: 'cos-1',
      targetInstanceId: 'kms-1',
      role: 'Reader',
    });
    expect(requestOf({ ...chosen, scopeKind: 'ring', ring: 'r1', key: payroll })).toEqual({
      sourceInstanceId: 'cos-1',
      targetInstanceId: 'kms-1',
      keyRingID: 'r1',
      role: 'Reader',
    });
    expect(requestOf({ ...chosen, scopeKind: 'key', ring: 'r1', key: payroll })).toMatchObject({
      keyId: 'k-1',
    });
    expect(requestOf({ ...chosen, scopeKind: 'key', ring: 'r1', key: payroll })).not.toHaveProperty(
      'keyRingID',
    );
  });
});

describe('how the wizard words things', () => {
  it('a key reads as its name, aliases and state', () => {
    expect(keyChoiceText(payroll)).toBe('payroll-root (alias payroll, pay), enabled');
    expect(keyChoiceText({ ...payroll, aliases: [], state: 2 })).toBe('payroll-root, disabled');
  });

  it('the key search asks for root keys, not deleted, by name and alias', () => {
    expect(keySearchQuery('  pay ')).toEqual({
      extractable: false,
      state: [1, 2, 3],
      sort: 'name',
      limit: 50,
      search: 'pay',
    });
    expect(keySearchQuery('')).not.toHaveProperty('search');
  });

  it('the review says in words what will be allowed', () => {
    const all = [cos, kms, hpcs];
    expect(allowanceText({ ...chosen, scopeKind: 'ring', ring: 'team-a' }, all)).toBe(
      'Cloud Object Storage instance "Photos storage" may wrap and unwrap its data encryption keys with the root keys in key ring "team-a" of Key Protect instance "Payroll keys". It may not create, change or delete keys.',
    );
    expect(allowanceText({ ...chosen, scopeKind: 'key', key: payroll }, all)).toContain(
      'with the root key "payroll-root" of Key Protect instance "Payroll keys"',
    );
    expect(allowanceText({ ...chosen, targetInstanceId: 'hpcs-1' }, all)).toContain(
      'with every root key of Hyper Protect Crypto Services instance "Vault"',
    );
  });
});
