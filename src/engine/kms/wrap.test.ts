/**
 * SPEC.md section 5: wrap, unwrap and rewrap with AAD; every way a ciphertext can fail to open
 * (one answer: 422); input limits; rotation and old versions; plus property tests over DEKs,
 * AAD, tampering and rotations.
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../domain/envelope';
import { KeyState } from '../../domain/key-state';
import { HOUR, MINUTE } from '../../domain/time';
import type { Key } from '../../domain/types';
import { decodeBase64, encodeBase64 } from '../../domain/validation';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { deleteRecord, rawVersions, updateRecord } from '../test/raw-db';
import type { KeyVersionRecord } from '../store/records';

const UNPROCESSABLE =
  'The ciphertext could not be unwrapped with this key: it was made by another key, was altered, or the AAD differs.';

const bytes = (text: string) => decodeBase64('test', text);
const b64 = (data: Uint8Array) => encodeBase64(data);

/** Changes one byte of a base64 ciphertext. */
function flipByte(ciphertext: string, at: number, xor = 0x01): string {
  const data = bytes(ciphertext);
  data[at] = (data[at] ?? 0) ^ xor;
  return b64(data);
}

let h: Harness;
let key: Key;
const r = () => h.as('reader');

beforeEach(async () => {
  h = await openHarness();
  key = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
});

describe('wrap', () => {
  it('with no plaintext generates a 32-byte DEK and returns it with the ciphertext', async () => {
    const result = await h.engine.wrap(r(), key.id);
    expect(Object.keys(result).sort()).toEqual(['ciphertext', 'keyVersion', 'plaintext']);
    expect(result.keyVersion).toEqual({ id: key.keyVersion.id });
    expect(bytes(result.plaintext ?? '').length).toBe(32);
    const other = await h.engine.wrap(r(), key.id);
    expect(other.plaintext).not.toBe(result.plaintext);
    const unwrapped = await h.engine.unwrap(r(), key.id, { ciphertext: result.ciphertext });
    expect(unwrapped).toEqual({
      plaintext: result.plaintext,
      keyVersion: { id: key.keyVersion.id },
    });
  });

  it('with a plaintext returns only the ciphertext, in the documented envelope', async () => {
    const dek = b64(new Uint8Array([1, 2, 3, 4, 5]));
    const result = await h.engine.wrap(r(), key.id, { plaintext: dek });
    expect(result).not.toHaveProperty('plaintext');
    const raw = bytes(result.ciphertext);
    expect(raw.length).toBe(48 + 5 + 16);
    const envelope = decodeEnvelope(raw);
    expect(envelope).toMatchObject({
      formatVersion: 1,
      algorithm: 'AES-256-GCM',
      keyId: key.id,
      keyVersionId: key.keyVersion.id,
    });
    // A fresh IV every time: the same DEK never wraps to the same bytes.
    const again = await h.engine.wrap(r(), key.id, { plaintext: dek });
    expect(decodeEnvelope(bytes(again.ciphertext))?.iv).not.toEqual(envelope?.iv);
    expect((await h.engine.unwrap(r(), key.id, { ciphertext: result.ciphertext })).plaintext).toBe(
      dek,
    );
  });

  it('takes 1 to 7,500 bytes of plaintext', async () => {
    for (const size of [1, 7500]) {
      const dek = b64(new Uint8Array(size).fill(7));
      const { ciphertext } = await h.engine.wrap(r(), key.id, { plaintext: dek });
      expect((await h.engine.unwrap(r(), key.id, { ciphertext })).plaintext).toBe(dek);
    }
    const empty = await expectError(
      h.engine.wrap(r(), key.id, { plaintext: '' }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(empty.message).toBe('plaintext: must be 1–7500 bytes (this has 0)');
    const big = await expectError(
      h.engine.wrap(r(), key.id, { plaintext: b64(new Uint8Array(7501)) }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(big.message).toBe('plaintext: must be 1–7500 bytes (this has 7501)');
  });

  it('refuses a body that is not an object with 400 INVALID_FIELD_ERR', async () => {
    const bad = null as unknown as { plaintext?: string };
    await expectError(h.engine.wrap(r(), key.id, bad), 400, 'INVALID_FIELD_ERR');
  });

  it('refuses plaintext that is not base64 with 400 INVALID_FIELD_ERR', async () => {
    for (const plaintext of ['not base64!', 'YWJj\n', 'YQ']) {
      const e = await expectError(
        h.engine.wrap(r(), key.id, { plaintext }),
        400,
        'INVALID_FIELD_ERR',
      );
      expect(e.message).toMatch(/^plaintext: must be valid base64/);
    }
  });

  it('refuses AAD items over 255 characters, and AAD that is not a list of text', async () => {
    const ok = await h.engine.wrap(r(), key.id, { aad: ['x'.repeat(255)] });
    expect(ok.ciphertext).toBeTruthy();
    const e = await expectError(
      h.engine.wrap(r(), key.id, { aad: ['a', 'x'.repeat(256)] }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toBe('aad[1]: use at most 255 characters');
    await expectError(
      h.engine.wrap(r(), key.id, { aad: 'a' as unknown as string[] }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.wrap(r(), key.id, { aad: [1] as unknown as string[] }),
      400,
      'INVALID_FIELD_ERR',
    );
  });

  it('refuses AAD with a lone surrogate, which has no exact UTF-8 form', async () => {
    const e = await expectError(
      h.engine.wrap(r(), key.id, { aad: ['\uD800'] }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toBe('aad[0]: must be well-formed Unicode text');
    // Well-formed text outside the BMP is fine.
    const { ciphertext } = await h.engine.wrap(r(), key.id, { aad: ['🔑'] });
    await h.engine.unwrap(r(), key.id, { ciphertext, aad: ['🔑'] });
    await expectError(
      h.engine.unwrap(r(), key.id, { ciphertext, aad: ['🔒'] }),
      422,
      'UNPROCESSABLE_CIPHERTEXT_ERR',
    );
  });

  it('is refused on a standard key with 400 KEY_ROOT_REQ_ERR', async () => {
    const standard = await h.engine.createKey(h.as('writer'), { name: 'std', extractable: true });
    const e = await expectError(h.engine.wrap(r(), standard.id), 400, 'KEY_ROOT_REQ_ERR');
    expect(e.message).toBe(
      'Wrapping needs a root key; "std" is a standard key. Use a root key (extractable: false) instead.',
    );
    const { ciphertext } = await h.engine.wrap(r(), key.id);
    await expectError(h.engine.unwrap(r(), standard.id, { ciphertext }), 400, 'KEY_ROOT_REQ_ERR');
    await expectError(h.engine.rewrap(r(), standard.id, { ciphertext }), 400, 'KEY_ROOT_REQ_ERR');
  });
});

describe('unwrap refuses, with one answer (422), anything that does not open', () => {
  let ciphertext: string;
  beforeEach(async () => {
    ({ ciphertext } = await h.engine.wrap(r(), key.id, {
      plaintext: b64(new Uint8Array(32).fill(1)),
      aad: ['bucket-1', 'object-7'],
    }));
  });
  const refused = async (req: { ciphertext: string; aad?: string[] }, on = key.id) => {
    const e = await expectError(h.engine.unwrap(r(), on, req), 422, 'UNPROCESSABLE_CIPHERTEXT_ERR');
    expect(e.message).toBe(UNPROCESSABLE);
  };

  it('opens with the same AAD', async () => {
    const u = await h.engine.unwrap(r(), key.id, { ciphertext, aad: ['bucket-1', 'object-7'] });
    expect(bytes(u.plaintext)).toEqual(new Uint8Array(32).fill(1));
  });
  it('wrong, missing, reordered, extra or split AAD', async () => {
    await refused({ ciphertext, aad: ['bucket-1', 'object-8'] });
    await refused({ ciphertext });
    await refused({ ciphertext, aad: [] });
    await refused({ ciphertext, aad: ['object-7', 'bucket-1'] });
    await refused({ ciphertext, aad: ['bucket-1', 'object-7', ''] });
    await refused({ ciphertext, aad: ['bucket-1object-7'] });
    await refused({ ciphertext, aad: ['bucket-', '1', 'object-7'] });
  });
  it.each([
    [0, 'magic'],
    [2, 'format version'],
    [3, 'algorithm'],
    [4, 'key id'],
    [25, 'key version id'],
    [40, 'IV'],
    [50, 'sealed DEK'],
    [48 + 32 + 15, 'GCM tag'],
  ])('a changed byte at %i (%s)', async (at) => {
    await refused({ ciphertext: flipByte(ciphertext, at), aad: ['bucket-1', 'object-7'] });
  });
  it('a truncated or extended ciphertext', async () => {
    const raw = bytes(ciphertext);
    const aad = ['bucket-1', 'object-7'];
    await refused({ ciphertext: b64(raw.subarray(0, raw.length - 1)), aad });
    await refused({ ciphertext: b64(raw.subarray(0, 40)), aad });
    await refused({ ciphertext: b64(new Uint8Array([...raw, 0])), aad });
  });
  it('a ciphertext of another key', async () => {
    const other = await h.engine.createKey(h.as('writer'), { name: 'other', extractable: false });
    await refused({ ciphertext, aad: ['bucket-1', 'object-7'] }, other.id);
    // Even when its header is rewritten to name the other key.
    const raw = bytes(ciphertext);
    const otherId = Buffer.from(other.id.replace(/-/g, ''), 'hex');
    raw.set(otherId, 4);
    await refused({ ciphertext: b64(raw), aad: ['bucket-1', 'object-7'] }, other.id);
  });
  it('but invalid base64 is a 400 INVALID_FIELD_ERR, and so is an empty ciphertext', async () => {
    const e = await expectError(
      h.engine.unwrap(r(), key.id, { ciphertext: 'not*base64' }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toMatch(/^ciphertext: must be valid base64/);
    await expectError(h.engine.unwrap(r(), key.id, { ciphertext: '' }), 400, 'INVALID_FIELD_ERR');
    await expectError(
      h.engine.rewrap(r(), key.id, { ciphertext: '%%%%' }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.unwrap(r(), key.id, null as unknown as { ciphertext: string }),
      400,
      'INVALID_FIELD_ERR',
    );
  });
  it('rewrap refuses the same way', async () => {
    const e = await expectError(
      h.engine.rewrap(r(), key.id, { ciphertext, aad: ['bucket-1'] }),
      422,
      'UNPROCESSABLE_CIPHERTEXT_ERR',
    );
    expect(e.message).toBe(UNPROCESSABLE);
  });
});

describe('rotate', () => {
  it('makes a new version that wraps; older ciphertexts unwrap and come back rewrapped', async () => {
    const w = h.as('writer');
    const before = await h.engine.wrap(r(), key.id, { aad: ['a'] });
    h.clock.advance(MINUTE);
    const rotated = await h.engine.rotate(w, key.id);
    const now = new Date(h.clock.now).toISOString();
    expect(rotated.keyVersion).toEqual({ id: expect.any(String), creationDate: now });
    expect(rotated.keyVersion.id).not.toBe(key.keyVersion.id);
    expect(rotated.lastRotateDate).toBe(now);
    expect(rotated.lastUpdateDate).toBe(now);
    expect(rotated.creationDate).toBe(key.creationDate);

    const after = await h.engine.wrap(r(), key.id, { aad: ['a'] });
    expect(after.keyVersion.id).toBe(rotated.keyVersion.id);

    const old = await h.engine.unwrap(r(), key.id, { ciphertext: before.ciphertext, aad: ['a'] });
    expect(old.plaintext).toBe(before.plaintext);
    expect(old.keyVersion).toEqual({ id: key.keyVersion.id });
    expect(old.rewrappedKeyVersion).toEqual({ id: rotated.keyVersion.id });
    expect(decodeEnvelope(bytes(old.ciphertext ?? ''))?.keyVersionId).toBe(rotated.keyVersion.id);
    // The rewrapped ciphertext opens under the new version with the same AAD.
    const again = await h.engine.unwrap(r(), key.id, {
      ciphertext: old.ciphertext ?? '',
      aad: ['a'],
    });
    expect(again).toEqual({
      plaintext: before.plaintext,
      keyVersion: { id: rotated.keyVersion.id },
    });
    await expectError(
      h.engine.unwrap(r(), key.id, { ciphertext: old.ciphertext ?? '' }),
      422,
      'UNPROCESSABLE_CIPHERTEXT_ERR',
    );
  });

  it('rewrap moves a ciphertext to the latest version', async () => {
    const { ciphertext, plaintext } = await h.engine.wrap(r(), key.id, { aad: ['x', 'y'] });
    const current = await h.engine.rewrap(r(), key.id, { ciphertext, aad: ['x', 'y'] });
    expect(current.keyVersion).toEqual({ id: key.keyVersion.id });
    expect(current.rewrappedKeyVersion).toEqual({ id: key.keyVersion.id });
    const rotated = await h.engine.rotate(h.as('writer'), key.id);
    const result = await h.engine.rewrap(r(), key.id, { ciphertext, aad: ['x', 'y'] });
    expect(result.keyVersion).toEqual({ id: key.keyVersion.id });
    expect(result.rewrappedKeyVersion).toEqual({ id: rotated.keyVersion.id });
    expect(decodeEnvelope(bytes(result.ciphertext))?.keyVersionId).toBe(rotated.keyVersion.id);
    const u = await h.engine.unwrap(r(), key.id, {
      ciphertext: result.ciphertext,
      aad: ['x', 'y'],
    });
    expect(u).toEqual({ plaintext, keyVersion: { id: rotated.keyVersion.id } });
  });

  it('at most once an hour: 409 KEY_ROTATION_NOT_PERMITTED until an hour has passed', async () => {
    const w = h.as('writer');
    await h.engine.rotate(w, key.id); // the first rotation may follow creation at once
    const rotatedAt = h.clock.now;
    const e = await expectError(h.engine.rotate(w, key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');
    expect(e.message).toBe(
      `A key can be rotated once an hour; this key was last rotated at ${new Date(rotatedAt).toISOString()}. Try again after ${new Date(rotatedAt + HOUR).toISOString()}.`,
    );
    h.clock.advance(HOUR - 1);
    await expectError(h.engine.rotate(w, key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');
    h.clock.advance(1);
    const third = await h.engine.rotate(w, key.id);
    expect((await h.engine.getKeyVersions(r(), key.id)).versions.map((v) => v.number)).toEqual([
      3, 2, 1,
    ]);
    expect(third.keyVersion.id).toBe((await h.engine.getKeyVersions(r(), key.id)).versions[0]?.id);
  });

  it('advancing the engine clock by an hour allows the next rotation', async () => {
    await h.engine.rotate(h.as('writer'), key.id);
    await expectError(h.engine.rotate(h.as('writer'), key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');
    await h.engine.advanceTime(h.as('admin'), HOUR);
    await h.engine.rotate(h.as('writer'), key.id);
  });

  it('standard keys cannot be rotated (400)', async () => {
    const standard = await h.engine.createKey(h.as('writer'), { name: 'std', extractable: true });
    const e = await expectError(
      h.engine.rotate(h.as('writer'), standard.id),
      400,
      'KEY_ROOT_REQ_ERR',
    );
    expect(e.message).toMatch(/^Rotation needs a root key; "std" is a standard key/);
  });
});

describe('key material stored in the database', () => {
  it('damaged material is an internal error, not a silent wrong key', async () => {
    await updateRecord<KeyVersionRecord>(h, 'keyVersions', [key.id, 1], (v) => {
      const material = new Uint8Array(v.material);
      material[20] = (material[20] ?? 0) ^ 1;
      return { ...v, material };
    });
    const tab = await h.openTab();
    const e = await expectError(tab.wrap(r(), key.id), 500, 'INTERNAL_ERR');
    expect(e.message).toMatch(/^Internal error: stored material of .* does not verify$/);
  });

  it('a key whose current version is missing is an internal error', async () => {
    await deleteRecord(h, 'keyVersions', [key.id, 1]);
    const tab = await h.openTab();
    const e = await expectError(tab.wrap(r(), key.id), 500, 'INTERNAL_ERR');
    expect(e.message).toBe(`Key ${key.id} has lost its current version.`);
    expect(await rawVersions(h)).toEqual([]);
  });
});

describe('state gates for crypto operations', () => {
  it('Disabled: no wrap, unwrap or rewrap (409 KEY_ACTION_INVALID_STATE_ERR)', async () => {
    const { ciphertext } = await h.engine.wrap(r(), key.id);
    await h.engine.disableKey(h.as('manager'), key.id);
    const e = await expectError(h.engine.wrap(r(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    expect(e.message).toBe(
      'The key is Disabled: wrap is not allowed in that state (allowed: read, enable, delete).',
    );
    await expectError(
      h.engine.unwrap(r(), key.id, { ciphertext }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    await expectError(
      h.engine.rewrap(r(), key.id, { ciphertext }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    await expectError(h.engine.rotate(h.as('writer'), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('Expired: unwrap, rewrap and rotate, never wrap', async () => {
    const expiring = await h.engine.createKey(h.as('writer'), {
      name: 'expiring',
      extractable: false,
      expirationDate: new Date(h.clock.now + HOUR).toISOString(),
    });
    const { ciphertext, plaintext } = await h.engine.wrap(r(), expiring.id);
    h.clock.advance(HOUR);
    expect((await h.engine.getKeyMetadata(r(), expiring.id)).state).toBe(KeyState.Deactivated);
    await expectError(h.engine.wrap(r(), expiring.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    expect((await h.engine.unwrap(r(), expiring.id, { ciphertext })).plaintext).toBe(plaintext);
    await h.engine.rotate(h.as('writer'), expiring.id);
    const moved = await h.engine.rewrap(r(), expiring.id, { ciphertext });
    expect(
      (await h.engine.unwrap(r(), expiring.id, { ciphertext: moved.ciphertext })).plaintext,
    ).toBe(plaintext);
    await expectError(h.engine.wrap(r(), expiring.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('Deleted: nothing opens until restored', async () => {
    const { ciphertext, plaintext } = await h.engine.wrap(r(), key.id);
    await h.engine.deleteKey(h.as('manager'), key.id);
    await expectError(h.engine.wrap(r(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    await expectError(
      h.engine.unwrap(r(), key.id, { ciphertext }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    await expectError(
      h.engine.rewrap(r(), key.id, { ciphertext }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    h.clock.advance(30_000);
    await h.engine.restoreKey(h.as('manager'), key.id);
    expect((await h.engine.unwrap(r(), key.id, { ciphertext })).plaintext).toBe(plaintext);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. One engine for all runs of a property keeps them fast.

describe('properties', () => {
  let p: Harness;
  let root: Key;
  beforeAll(async () => {
    p = await openHarness();
    root = await p.engine.createKey(p.as('writer'), { name: 'prop root', extractable: false });
  });
  const dekArb = fc.uint8Array({ minLength: 1, maxLength: 7500 });
  /** Well-formed text, any code point, at most 255 UTF-16 units. */
  const aadItem = fc.string({ unit: 'binary', maxLength: 120 });
  const aadArb = fc.array(aadItem, { maxLength: 6 });
  /** Any JS string, lone surrogates included (they are refused as AAD). */
  const anyText = fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    ),
    maxLength: 40,
  });
  const wellFormed = (items: string[]) => items.every((s) => !/\p{Cs}/u.test(s));

  it('wrap then unwrap returns the DEK, for any DEK of 1–7,500 bytes and any AAD', async () => {
    await fc.assert(
      fc.asyncProperty(dekArb, aadArb, async (dek, aad) => {
        const { ciphertext } = await p.engine.wrap(p.as('reader'), root.id, {
          plaintext: b64(dek),
          aad,
        });
        const u = await p.engine.unwrap(p.as('reader'), root.id, { ciphertext, aad });
        expect(bytes(u.plaintext)).toEqual(dek);
        expect(u.rewrappedKeyVersion).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('any single changed byte of the ciphertext is refused with 422', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        aadArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (dek, aad, position, xor) => {
          const { ciphertext } = await p.engine.wrap(p.as('reader'), root.id, {
            plaintext: b64(dek),
            aad,
          });
          const at = position % bytes(ciphertext).length;
          await expectError(
            p.engine.unwrap(p.as('reader'), root.id, {
              ciphertext: flipByte(ciphertext, at, xor),
              aad,
            }),
            422,
            'UNPROCESSABLE_CIPHERTEXT_ERR',
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any change to the AAD is refused (422; 400 if the new AAD is not well-formed text)', async () => {
    const anyAad = fc.array(anyText, { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          aadItem.filter((s) => s.length <= 40),
          { maxLength: 5 },
        ),
        anyAad,
        async (aad, other) => {
          fc.pre(JSON.stringify(aad) !== JSON.stringify(other));
          const { ciphertext } = await p.engine.wrap(p.as('reader'), root.id, { aad });
          const call = p.engine.unwrap(p.as('reader'), root.id, { ciphertext, aad: other });
          if (wellFormed(other)) await expectError(call, 422, 'UNPROCESSABLE_CIPHERTEXT_ERR');
          else await expectError(call, 400, 'INVALID_FIELD_ERR');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('AAD changes that differ only in a lone surrogate are refused too', async () => {
    // Two lone surrogates would both become U+FFFD in UTF-8; the engine refuses them outright.
    const { ciphertext } = await p.engine.wrap(p.as('reader'), root.id, { aad: ['\uFFFD'] });
    await expectError(
      p.engine.unwrap(p.as('reader'), root.id, { ciphertext, aad: ['\uD800'] }),
      400,
      'INVALID_FIELD_ERR',
    );
  });

  it('ciphertexts made before 0–5 rotations still unwrap, rewrapped to the latest version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), aadArb, async (rotations, aad) => {
        const q = await openHarness();
        const k = await q.engine.createKey(q.as('writer'), {
          name: 'rotating',
          extractable: false,
        });
        const made: { ciphertext: string; plaintext: string; version: string }[] = [];
        let current = k.keyVersion.id;
        for (let i = 0; i <= rotations; i++) {
          const w = await q.engine.wrap(q.as('reader'), k.id, { aad });
          made.push({ ciphertext: w.ciphertext, plaintext: w.plaintext ?? '', version: current });
          if (i < rotations) {
            q.clock.advance(HOUR);
            current = (await q.engine.rotate(q.as('writer'), k.id)).keyVersion.id;
          }
        }
        expect((await q.engine.getKeyVersions(q.as('reader'), k.id)).total).toBe(rotations + 1);
        for (const m of made) {
          const u = await q.engine.unwrap(q.as('reader'), k.id, { ciphertext: m.ciphertext, aad });
          expect(u.plaintext).toBe(m.plaintext);
          expect(u.keyVersion).toEqual({ id: m.version });
          if (m.version === current) expect(u.rewrappedKeyVersion).toBeUndefined();
          else {
            expect(u.rewrappedKeyVersion).toEqual({ id: current });
            const again = await q.engine.unwrap(q.as('reader'), k.id, {
              ciphertext: u.ciphertext ?? '',
              aad,
            });
            expect(again).toEqual({ plaintext: m.plaintext, keyVersion: { id: current } });
          }
        }
        await q.engine.close();
      }),
      { numRuns: 12 },
    );
  });
});
