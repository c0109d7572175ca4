/** The chain's SHA-256: the UTF-8 of the text, hashed, as hex, whatever the text holds. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';

const reference = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

describe('sha256Hex', () => {
  it('gives the known digests of the empty text and "abc"', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the UTF-8 of any text, one after another, short after long', () => {
    const texts = [
      'a'.repeat(5_000), // longer than the first buffer: it grows
      'é',
      '日本語のテキスト',
      '😀 emoji and \u0000 nul',
      'x'.repeat(1_500) + '€'.repeat(1_500), // three bytes a unit
      'short',
      'Lone surrogate \ud800 becomes U+FFFD',
    ];
    for (const text of texts) expect(sha256Hex(text)).toBe(reference(text));
  });
});
