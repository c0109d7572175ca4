import { describe, expect, it } from 'vitest';
import { INITIAL, problemsOf, requestOf, scopeOf, type Choices } from './authorization-draft';

const chosen: Choices = { ...INITIAL, sourceInstanceId: 'cos-1', targetInstanceId: 'kms-1' };

describe('authorization wizard choices', () => {
  it('the source step needs an object storage instance', () => {
    expect(problemsOf(0, INITIAL)).toEqual({
      sourceInstanceId: 'Choose the object storage instance that will use the keys.',
    });
    expect(problemsOf(0, chosen)).toEqual({});
  });

  it('the target step needs an instance, and a valid ring id or a key for those scopes', () => {
    expect(Object.keys(problemsOf(1, { ...INITIAL, sourceInstanceId: 'cos-1' }))).toEqual([
      'targetInstanceId',
    ]);
    expect(problemsOf(1, chosen)).toEqual({});
    expect(problemsOf(1, { ...chosen, scopeKind: 'ring', ring: '' }).ring).toMatch(/^[A-Z].*\.$/);
    expect(problemsOf(1, { ...chosen, scopeKind: 'ring', ring: 'has space' }).ring).toBeDefined();
    expect(problemsOf(1, { ...chosen, scopeKind: 'ring', ring: 'payroll-ring' })).toEqual({});
    expect(problemsOf(1, { ...chosen, scopeKind: 'key', key: '   ' })).toEqual({
      key: 'Enter the id or alias of the key.',
    });
    // A ring typed before switching to "one key" is not held against the key scope.
    expect(problemsOf(1, { ...chosen, scopeKind: 'key', ring: 'x', key: 'payroll' })).toEqual({});
  });

  it('role and review have nothing to miss', () => {
    expect(problemsOf(2, INITIAL)).toEqual({});
    expect(problemsOf(3, INITIAL)).toEqual({});
  });

  it('asks the engine for exactly the chosen scope', () => {
    expect(requestOf(chosen)).toEqual({
      sourceInstanceId: 'cos-1',
      targetInstanceId: 'kms-1',
      role: 'Reader',
    });
    expect(requestOf({ ...chosen, scopeKind: 'ring', ring: 'r1', key: 'k' })).toEqual({
      sourceInstanceId: 'cos-1',
      targetInstanceId: 'kms-1',
      keyRingID: 'r1',
      role: 'Reader',
    });
    expect(scopeOf({ ...chosen, scopeKind: 'key', key: ' payroll ' })).toEqual({
      keyId: 'payroll',
    });
  });
});
