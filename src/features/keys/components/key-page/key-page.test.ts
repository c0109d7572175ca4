import { describe, expect, it } from 'vitest';
import { encodeEnvelopeHeader } from '../../../../domain/envelope';
import { encodeBase64 } from '../../../../domain/validation';
import { DAY, HOUR, MINUTE, SECOND } from '../../../../domain/time';
import { formatDuration, gate, relative, stateReason } from './format';
import { hex, inspect } from './inspect-ciphertext';

describe('formatDuration', () => {
  it('reads a window that just opened as whole', () => {
    expect(formatDuration(30 * DAY - 10 * SECOND)).toBe('30 days');
    expect(formatDuration(4 * HOUR - 5 * SECOND)).toBe('4 hours');
  });
  it('names the two largest units', () => {
    expect(formatDuration(6 * DAY + 23 * HOUR + 59 * MINUTE)).toBe('6 days 23 hours');
    expect(formatDuration(3 * HOUR + 59 * MINUTE)).toBe('3 hours 59 minutes');
    expect(formatDuration(MINUTE)).toBe('1 minute');
    expect(formatDuration(20 * SECOND)).toBe('under a minute');
  });
  it('says in which direction', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(relative('2030-01-01T04:00:00Z', now)).toBe('in 4 hours');
    expect(relative('2029-12-31T23:00:00Z', now)).toBe('1 hour ago');
  });
});

describe('gate', () => {
  it('names the role first, then any other reason', () => {
    expect(gate({ allowed: false, needs: 'Writer' }, 'Rotating a key', 'later')).toEqual({
      allowed: false,
      needs: 'Writer',
      reason: 'Rotating a key needs the Writer role.',
    });
    expect(gate({ allowed: true }, 'Rotating a key', stateReason(2, 'be rotated'))).toEqual({
      allowed: false,
      reason: 'A Disabled key cannot be rotated.',
    });
    expect(stateReason(3, 'wrap')).toBe('An Expired key cannot wrap.');
    expect(gate({ allowed: true }, 'x')).toEqual({ allowed: true });
    expect(gate(undefined, 'x')).toBeUndefined();
  });
});

describe('inspect', () => {
  const keyId = '3f1c2a9e-7d41-4b8a-9c0e-5a6b7c8d9e0f';
  const versionId = '0a1b2c3d-4e5f-4061-8273-9485a6b7c8d9';
  const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
  const header = encodeEnvelopeHeader(keyId, versionId, iv);
  const sealed = new Uint8Array(48);

  it('decodes the non-secret parts of a Keyward ciphertext', () => {
    const bytes = new Uint8Array(header.length + sealed.length);
    bytes.set(header);
    bytes.set(sealed, header.length);
    const result = inspect(` ${encodeBase64(bytes)}\n`);
    expect(result.kind).toBe('envelope');
    if (result.kind !== 'envelope') return;
    expect(result.envelope).toMatchObject({ formatVersion: 1, algorithm: 'AES-256-GCM', keyId });
    expect(result.envelope.keyVersionId).toBe(versionId);
    expect(hex(result.envelope.iv)).toBe('000102030405060708090a0b');
    expect(result.envelope.sealed).toHaveLength(48);
  });
  it('says plainly when it is not one', () => {
    expect(inspect('')).toEqual({ kind: 'empty' });
    expect(inspect('not base64!')).toEqual({ kind: 'not-base64' });
    expect(inspect(encodeBase64(new TextEncoder().encode('hello world')))).toEqual({
      kind: 'not-keyward',
      length: 11,
    });
    const wrongMagic = new Uint8Array(80);
    expect(inspect(encodeBase64(wrongMagic))).toEqual({ kind: 'not-keyward', length: 80 });
  });
});
