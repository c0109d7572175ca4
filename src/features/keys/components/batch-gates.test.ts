/** Batch actions of the keys table: allowed when they apply to a selected key, else why not. */
import { describe, expect, it } from 'vitest';
import { KeyState } from '../../../domain/key-state';
import type { Key, Permissions } from '../../../domain/types';
import { testKey, testPermissions } from '../test-key';
import { batchGate, eligibleKeys } from './batch-gates';

const enabled = testKey(1);
const disabled = testKey(2, { state: KeyState.Suspended });
const deleted = testKey(3, { state: KeyState.Destroyed });
const as = (role: 'Reader' | 'Writer' | 'Manager', keys: Key[]): Record<string, Permissions> =>
  Object.fromEntries(keys.map((k) => [k.id, testPermissions(role)]));
const all = [enabled, disabled, deleted];

describe('batchGate', () => {
  it('a Manager: each action applies to the keys whose state fits', () => {
    const p = as('Manager', all);
    expect(batchGate('disable', all, p)).toEqual({ permission: { allowed: true } });
    expect(eligibleKeys('disable', all, p)).toEqual([enabled]);
    expect(eligibleKeys('enable', all, p)).toEqual([disabled]);
    expect(eligibleKeys('delete', all, p)).toEqual([enabled, disabled]);
  });

  it('a Reader or Writer: disabled, naming the Manager role', () => {
    for (const role of ['Reader', 'Writer'] as const) {
      const p = as(role, all);
      for (const action of ['enable', 'disable', 'delete'] as const) {
        const gate = batchGate(action, all, p);
        expect(gate.short).toBe('needs Manager');
        expect(gate.permission).toMatchObject({ allowed: false, needs: 'Manager' });
        expect(eligibleKeys(action, all, p)).toEqual([]);
      }
      expect(batchGate('disable', [enabled], p).permission?.reason).toBe(
        'Disabling keys needs the Manager role.',
      );
      expect(batchGate('delete', all, p).permission?.reason).toBe(
        'Deleting keys needs the Manager role on each key.',
      );
    }
  });

  it('a Manager with no key in a state for it: disabled, saying which state it needs', () => {
    const p = as('Manager', all);
    expect(batchGate('enable', [enabled], p)).toEqual({
      permission: {
        allowed: false,
        reason: 'Only a Disabled key can be enabled; the selected key is Enabled.',
      },
      short: 'not in this state',
    });
    expect(batchGate('disable', [disabled, deleted], p)).toEqual({
      permission: {
        allowed: false,
        reason: 'Only Enabled keys can be disabled, and none of the selected keys is.',
      },
      short: 'none in a state for it',
    });
    expect(batchGate('delete', [deleted], p).permission?.reason).toBe(
      'The selected key is already deleted.',
    );
  });

  it('the role on the keys in a state for it decides (mixed rings)', () => {
    // Manager on the deleted key's ring only: disabling the enabled key needs the role on it.
    const p = { ...as('Reader', [enabled]), ...as('Manager', [deleted]) };
    expect(batchGate('disable', [enabled, deleted], p).short).toBe('needs Manager');
  });

  it('nothing selected: nothing to refuse; roles not read yet: no answer yet', () => {
    expect(batchGate('delete', [], undefined)).toEqual({ permission: { allowed: true } });
    expect(batchGate('delete', [enabled], undefined)).toEqual({ permission: undefined });
  });
});
