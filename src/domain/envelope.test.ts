import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesToUuid,
  concatBytes,
  decodeEnvelope,
  encodeAad,
  encodeEnvelopeHeader,
  ENVELOPE_HEADER_LENGTH,
  uuidToBytes,
} from './envelope';

const KEY_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const VERSION_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const IV = new Uint8Array(12).map((_, i) => i + 1);

describe('UUID bytes', () => {
  it('round-trips any UUID (lower-cased)', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        expect(bytesToUuid(uuidToBytes(uuid))).toBe(uuid.toLowerCase());
      }),
    );
  });
  it('refuses what is not a UUID', () => {
    expect(() => uuidToBytes('not-a-uuid')).toThrow(/not a UUID/);
  });
});

describe('the envelope header (documented layout)', () => {
  const header = encodeEnvelopeHeader(KEY_ID, VERSION_ID, IV);

  it('is 48 bytes: magic, version, algorithm, key id, version id, IV', () => {
    expect(header.length).toBe(ENVELOPE_HEADER_LENGTH);
    expect([...header.subarray(0, 4)]).toEqual([0x4b, 0x57, 1, 1]);
    expect(header.subarray(4, 20)).toEqual(uuidToBytes(KEY_ID));
    expect(header.subarray(20, 36)).toEqual(uuidToBytes(VERSION_ID));
    expect(header.subarray(36, 48)).toEqual(IV);
  });
  it('needs a 96-bit IV', () => {
    expect(() => encodeEnvelopeHeader(KEY_ID, VERSION_ID, new Uint8Array(16))).toThrow(/96/);
  });
  it('decodes back to its parts, the sealed bytes following', () => {
    const sealed = new Uint8Array(48).fill(9);
    const envelope = decodeEnvelope(concatBytes(header, sealed));
    expect(envelope).toEqual({
      formatVersion: 1,
      algorithm: 'AES-256-GCM',
      keyId: KEY_ID,
      keyVersionId: VERSION_ID,
      iv: IV,
      header,
      sealed,
    });
  });
  it('refuses what is too short to hold a header and a tag', () => {
    expect(decodeEnvelope(concatBytes(header, new Uint8Array(15)))).toBeUndefined();
    expect(decodeEnvelope(concatBytes(header, new Uint8Array(16)))).toBeDefined();
  });
  it.each([
    [0, 'magic'],
    [1, 'magic'],
    [2, 'format version'],
    [3, 'algorithm'],
  ])('refuses a changed byte %i (%s)', (at) => {
    const bytes = concatBytes(header, new Uint8Array(32));
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    expect(decodeEnvelope(bytes)).toBeUndefined();
  });
});

describe('AAD encoding', () => {
  it('is a count, then length-prefixed UTF-8 items', () => {
    expect([...encodeAad([])]).toEqual([0, 0, 0, 0]);
    expect([...encodeAad(['a', 'é'])]).toEqual([
      0, 0, 0, 2, 0, 0, 0, 1, 0x61, 0, 0, 0, 2, 0xc3, 0xa9,
    ]);
  });
  it('is unambiguous: different lists of well-formed strings never encode alike', () => {
    const list = fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { maxLength: 4 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeAad(a)).not.toEqual(encodeAad(b));
      }),
      { numRuns: 500 },
    );
    // Splitting or joining items changes the encoding.
    expect(encodeAad(['ab', 'c'])).not.toEqual(encodeAad(['a', 'bc']));
    expect(encodeAad(['abc'])).not.toEqual(encodeAad(['abc', '']));
  });
});
