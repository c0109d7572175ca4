/** The import form's checks as the user types: base64, lengths, the IV, and the request made. */
import { describe, expect, it } from 'vitest';
import { draftProblems, draftRequest, EMPTY_DRAFT, effectiveDraft } from './material-draft';

const b64 = (length: number) => btoa(String.fromCharCode(...new Uint8Array(length).fill(65)));

describe('import draft', () => {
  it('plain: base64 of 16, 24 or 32 bytes for a root key; 1–7,500 for a standard key', () => {
    const plain = (value: string, extractable = false) =>
      draftProblems({ ...EMPTY_DRAFT, route: 'plain', plain: value }, extractable).plain;
    expect(plain('')).toBe('Paste or upload the key material.');
    expect(plain('abc')).toMatch(/must be base64/);
    for (const n of [16, 24, 32]) expect(plain(b64(n))).toBeUndefined();
    expect(plain(b64(20))).toBe(
      'The root key material must be 16, 24 or 32 bytes (AES-128, -192 or -256); this is 20.',
    );
    expect(plain(b64(1), true)).toBeUndefined();
    expect(plain(b64(7500), true)).toBeUndefined();
    expect(plain(b64(7501), true)).toMatch(/1–7500 bytes; this is 7501/);
    // Line breaks of pasted base64 are not part of it.
    expect(plain(`${b64(32).slice(0, 20)}\n${b64(32).slice(20)}\n`)).toBeUndefined();
  });

  it('secure: each result is required, base64, and the IV is 12 bytes', () => {
    const secure = { ...EMPTY_DRAFT, payload: b64(512), encryptedNonce: b64(28), iv: b64(12) };
    expect(draftProblems(secure, false)).toEqual({});
    expect(draftProblems({ ...secure, iv: b64(8) }, false)).toEqual({
      iv: 'The IV must be 12 bytes; this is 8.',
    });
    expect(Object.keys(draftProblems(EMPTY_DRAFT, false)).sort()).toEqual([
      'encryptedNonce',
      'iv',
      'payload',
    ]);
    expect(draftRequest({ ...secure, payload: ` ${secure.payload}\n` })).toEqual({
      payload: secure.payload,
      encryptedNonce: secure.encryptedNonce,
      iv: secure.iv,
      encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
  });

  it('a standard key always travels plain', () => {
    expect(effectiveDraft(EMPTY_DRAFT, true).route).toBe('plain');
    expect(effectiveDraft(EMPTY_DRAFT, false).route).toBe('secure');
    expect(draftRequest({ ...EMPTY_DRAFT, route: 'plain', plain: b64(5) })).toEqual({
      payload: b64(5),
    });
  });
});
