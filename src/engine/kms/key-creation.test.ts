/**
 * The policies a create request brings (Key Protect's `keys_with_policy_overrides`), read on
 * their own: what each shape gives, and the refusal (code and field) of each bad one. Creating
 * keys end to end is in keys.test.ts and create-keys.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CreateKeyRequest } from '../../domain/api';
import { EngineError } from '../../domain/errors';
import { policyOverrides } from './key-creation';

const root = (policies: unknown, fields: Partial<CreateKeyRequest> = {}): CreateKeyRequest => ({
  name: 'payroll',
  extractable: false,
  policies: policies as CreateKeyRequest['policies'],
  ...fields,
});

/** The refusal as `status CODE message`. */
function refusal(req: CreateKeyRequest): string {
  try {
    policyOverrides(req);
  } catch (e) {
    if (e instanceof EngineError) return `${e.status} ${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('the overrides were accepted');
}

describe('policyOverrides', () => {
  it('none given: none (the instance defaults apply)', () => {
    expect(policyOverrides({ name: 'payroll', extractable: false })).toBeUndefined();
  });

  it('gives what the request sets, and only that', () => {
    expect(policyOverrides(root({}))).toEqual({});
    expect(policyOverrides(root({ dualAuthDelete: { enabled: true } }))).toEqual({
      dualAuthDelete: true,
    });
    expect(policyOverrides(root({ dualAuthDelete: { enabled: false } }))).toEqual({
      dualAuthDelete: false,
    });
    expect(
      policyOverrides(
        root({ rotation: { enabled: true, interval_month: 3 }, dualAuthDelete: { enabled: true } }),
      ),
    ).toEqual({ rotation: { enabled: true, interval_month: 3 }, dualAuthDelete: true });
  });

  it('dual authorization may be set on a standard or imported key', () => {
    const dual = { dualAuthDelete: { enabled: true } };
    expect(policyOverrides(root(dual, { extractable: true }))).toEqual({ dualAuthDelete: true });
    expect(policyOverrides(root(dual, { payload: 'AAAA' }))).toEqual({ dualAuthDelete: true });
  });

  it('refuses policies that are not an object', () => {
    for (const bad of [null, 'rotate', 3])
      expect(refusal(root(bad))).toBe(
        '400 INVALID_FIELD_ERR policies: give rotation {enabled, interval_month} and/or dualAuthDelete {enabled}',
      );
  });

  it('a rotation policy needs a generated root key', () => {
    const rotation = { rotation: { enabled: true, interval_month: 1 } };
    expect(refusal(root(rotation, { extractable: true }))).toMatch(/^400 KEY_ROOT_REQ_ERR /);
    expect(refusal(root(rotation, { payload: 'AAAA' }))).toMatch(
      /^400 INVALID_FIELD_ERR policies\.rotation: rotation policies apply to generated root keys only/,
    );
  });

  it('refuses a bad rotation policy, naming its field', () => {
    expect(refusal(root({ rotation: 'monthly' }))).toBe(
      '400 INVALID_FIELD_ERR policies.rotation: give {enabled, interval_month}',
    );
    expect(refusal(root({ rotation: { interval_month: 1 } }))).toBe(
      '400 INVALID_FIELD_ERR policies.rotation.enabled: must be true or false',
    );
    expect(refusal(root({ rotation: { enabled: true, interval_month: 13 } }))).toMatch(
      /^400 INVALID_FIELD_ERR policies\.rotation\.interval_month: /,
    );
  });

  it('refuses a dual-authorization policy without a boolean', () => {
    for (const bad of [null, {}, { enabled: 'yes' }])
      expect(refusal(root({ dualAuthDelete: bad }))).toBe(
        '400 INVALID_FIELD_ERR policies.dualAuthDelete.enabled: must be true or false',
      );
  });
});
