/** The key actions tab's rules: plaintext to wrap, version names, and the state and role gates. */
import { describe, expect, it } from 'vitest';
import { KeyState } from '../../../../domain/key-state';
import { LIMITS } from '../../../../domain/validation';
import { testKey, testPermissions } from '../../test-key';
import { envelopeGates, plaintextProblem, versionLabel } from './envelope-form';

describe('plaintextProblem', () => {
  it('asks for base64 of 1 to the limit of bytes', () => {
    expect(plaintextProblem('')).toMatch(/Enter the plaintext/);
    expect(plaintextProblem('not base64!')).toMatch(/Not valid base64/);
    expect(plaintextProblem('aGVsbG8=')).toBeUndefined();
    const tooLong = btoa('x'.repeat(LIMITS.wrapPlaintextMax + 1));
    expect(plaintextProblem(tooLong)).toBe(
      `Use 1–${LIMITS.wrapPlaintextMax} bytes (this has ${LIMITS.wrapPlaintextMax + 1}).`,
    );
  });
});

describe('versionLabel', () => {
  it('names the version by number, marking the current one', () => {
    const versions = [
      { id: 'v2', number: 2, current: true, creationDate: '' },
      { id: 'v1', number: 1, current: false, creationDate: '' },
    ];
    expect(versionLabel(versions, 'v2')).toBe('version 2 (current) — v2');
    expect(versionLabel(versions, 'v1')).toBe('version 1 — v1');
    expect(versionLabel(undefined, 'v1')).toBe('v1');
  });
});

describe('envelopeGates', () => {
  const reader = testPermissions('Reader');
  it('an Expired key unwraps and rewraps but never wraps', () => {
    const gates = envelopeGates(testKey(1, { state: KeyState.Deactivated }), reader);
    expect(gates.wrap?.reason).toMatch(/An Expired key cannot wrap; it can still unwrap/);
    expect(gates.unwrap).toEqual({ allowed: true });
    expect(gates.rewrap).toEqual({ allowed: true });
  });
  it('a Disabled key does none of them; an Enabled one all, for a Reader', () => {
    const disabled = envelopeGates(testKey(1, { state: KeyState.Suspended }), reader);
    expect(disabled.unwrap?.reason).toBe('A Disabled key cannot unwrap.');
    expect(disabled.rewrap?.reason).toBe('A Disabled key cannot rewrap.');
    expect(envelopeGates(testKey(1), reader).wrap).toEqual({ allowed: true });
  });
});
