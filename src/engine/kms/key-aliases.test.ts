/**
 * The alias list a create request brings, checked on its own: the order of the checks (list,
 * per-key quota, each alias, repeats) decides which refusal a request with several problems
 * gets. Uniqueness in the instance and the instance quota need the store: keys.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../domain/errors';
import { LIMITS } from '../../domain/validation';
import { requestedAliases } from './key-aliases';

/** The refusal as `status CODE message`. */
function refusal(given: unknown): string {
  try {
    requestedAliases(given);
  } catch (e) {
    if (e instanceof EngineError) return `${e.status} ${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('the aliases were accepted');
}

describe('requestedAliases', () => {
  it('none given is no aliases; a valid list comes back as given', () => {
    expect(requestedAliases(undefined)).toEqual([]);
    expect(requestedAliases([])).toEqual([]);
    const five = ['pay', 'payroll', 'pay-2026', 'PAY_B', 'p2'];
    expect(five).toHaveLength(LIMITS.aliasesPerKey);
    expect(requestedAliases(five)).toEqual(five);
  });

  it('refuses what is not a list', () => {
    expect(refusal('pay')).toBe('400 INVALID_FIELD_ERR aliases: must be a list');
    expect(refusal({ 0: 'pay' })).toBe('400 INVALID_FIELD_ERR aliases: must be a list');
  });

  it('more than 5 is 400 KEY_ALIAS_QUOTA_ERR, before any alias is looked at', () => {
    expect(refusal(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])).toBe(
      '400 KEY_ALIAS_QUOTA_ERR A key can have at most 5 aliases.',
    );
    expect(refusal(['x', 'x', 'x', 'x', 'x', 'x'])).toMatch(/^400 KEY_ALIAS_QUOTA_ERR /);
  });

  it('names the first invalid alias by its index, before looking for repeats', () => {
    expect(refusal(['ok', 'bad.one', 'bad.one'])).toBe(
      '400 INVALID_FIELD_ERR aliases[1]: use only letters, digits, "_" and "-"',
    );
    expect(refusal(['ok', 7])).toBe('400 INVALID_FIELD_ERR aliases[1]: an alias is required');
  });

  it('refuses an alias listed twice (compared exactly, as given)', () => {
    expect(refusal(['pay', 'other', 'pay'])).toBe(
      '400 INVALID_FIELD_ERR aliases: list each alias once',
    );
    expect(requestedAliases(['Pay', 'pay'])).toEqual(['Pay', 'pay']);
  });
});
