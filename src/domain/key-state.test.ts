import { describe, expect, it } from 'vitest';
import {
  allowedOperations,
  isKeyState,
  KeyState,
  nextState,
  STATE_LABELS,
  stateAllows,
  type LifecycleOperation,
} from './key-state';

const OPERATIONS: LifecycleOperation[] = [
  'read',
  'rotate',
  'wrap',
  'unwrap',
  'rewrap',
  'disable',
  'enable',
  'delete',
  'restore',
  'purge',
];

/** SPEC.md section 4, written out again so the table in the code cannot drift from it. */
const SPEC_TABLE: Record<KeyState, LifecycleOperation[]> = {
  [KeyState.Active]: ['read', 'rotate', 'wrap', 'unwrap', 'rewrap', 'disable', 'delete'],
  [KeyState.Suspended]: ['read', 'enable', 'delete'],
  [KeyState.Deactivated]: ['read', 'rotate', 'unwrap', 'rewrap', 'delete'],
  [KeyState.Destroyed]: ['read', 'restore', 'purge'],
};

describe('the lifecycle table', () => {
  it('has the numbers and labels of the spec', () => {
    expect(KeyState).toEqual({ Active: 1, Suspended: 2, Deactivated: 3, Destroyed: 5 });
    expect(STATE_LABELS).toEqual({ 1: 'Enabled', 2: 'Disabled', 3: 'Expired', 5: 'Deleted' });
  });
  for (const [state, allowed] of Object.entries(SPEC_TABLE)) {
    const s = Number(state) as KeyState;
    it(`${STATE_LABELS[s]} allows exactly ${allowed.join(', ')}`, () => {
      for (const op of OPERATIONS)
        expect([op, stateAllows(s, op)]).toEqual([op, allowed.includes(op)]);
      expect([...allowedOperations(s)].sort()).toEqual([...allowed].sort());
    });
  }
  it('never allows wrap on an expired key', () => {
    expect(stateAllows(KeyState.Deactivated, 'wrap')).toBe(false);
  });
});

describe('nextState', () => {
  it('moves the key as the operations say', () => {
    expect(nextState(KeyState.Active, 'disable')).toBe(KeyState.Suspended);
    expect(nextState(KeyState.Suspended, 'enable')).toBe(KeyState.Active);
    expect(nextState(KeyState.Active, 'delete')).toBe(KeyState.Destroyed);
    expect(nextState(KeyState.Deactivated, 'delete')).toBe(KeyState.Destroyed);
    expect(nextState(KeyState.Destroyed, 'restore')).toBe(KeyState.Active);
  });
  it('leaves the state alone for operations that do not change it', () => {
    for (const op of ['read', 'rotate', 'wrap', 'unwrap', 'rewrap'] as const)
      expect(nextState(KeyState.Deactivated, op)).toBe(KeyState.Deactivated);
  });
});

describe('isKeyState', () => {
  it('accepts 1, 2, 3 and 5 only', () => {
    expect([0, 1, 2, 3, 4, 5, 6, '1', null].filter(isKeyState)).toEqual([1, 2, 3, 5]);
  });
});
