import { describe, expect, it } from 'vitest';
import { chunkCountFor, chunkLength } from '../../domain/object-format';
import type { Bytes } from './aes-gcm';
import {
  dekKey,
  newDek,
  newNoncePrefix,
  openChunk,
  sealChunk,
  type ObjectCipher,
} from './object-cipher';
import { randomBytes } from './random';

const CHUNK = 1024;

async function cipherFor(size: number, chunkSize = CHUNK): Promise<ObjectCipher> {
  return {
    binding: { bucket: 'b1', name: 'a.txt', objectId: crypto.randomUUID() },
    chunkCount: chunkCountFor(size, chunkSize),
    noncePrefix: newNoncePrefix(),
    dek: await dekKey(newDek()),
  };
}

function bytesOf(size: number): Bytes {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) out.set(randomBytes(Math.min(65536, size - i)), i);
  return out;
}

async function seal(cipher: ObjectCipher, data: Bytes, chunkSize = CHUNK): Promise<Bytes[]> {
  const out: Bytes[] = [];
  for (let i = 0; i < cipher.chunkCount; i++)
    out.push(await sealChunk(cipher, i, data.slice(i * chunkSize, i * chunkSize + chunkSize)));
  return out;
}

async function openAll(cipher: ObjectCipher, chunks: Bytes[]): Promise<Bytes | undefined> {
  if (chunks.length !== cipher.chunkCount) return undefined;
  const parts: Bytes[] = [];
  for (const [i, c] of chunks.entries()) {
    const p = await openChunk(cipher, i, c);
    if (!p) return undefined;
    parts.push(p);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('chunked object encryption', () => {
  it.each([
    [0, CHUNK],
    [1, CHUNK],
    [CHUNK - 1, CHUNK],
    [CHUNK, CHUNK],
    [CHUNK + 1, CHUNK],
    [3 * 1024 * 1024 + 17, 256 * 1024],
  ])('round-trips %i bytes in chunks of %i', async (size, chunkSize) => {
    const cipher = await cipherFor(size, chunkSize);
    const data = bytesOf(size);
    const sealed = await seal(cipher, data, chunkSize);
    expect(sealed).toHaveLength(Math.max(1, Math.ceil(size / chunkSize)));
    sealed.forEach((c, i) => expect(c.length).toBe(chunkLength(size, chunkSize, i) + 16));
    const opened = await openAll(cipher, sealed);
    // Buffer.compare: deep equality of megabytes is slow in the test runner.
    expect(opened && Buffer.compare(opened, data)).toBe(0);
  });

  it('refuses reordered, dropped, truncated, duplicated and altered chunks', async () => {
    const size = 4 * CHUNK + 10;
    const cipher = await cipherFor(size);
    const sealed = await seal(cipher, bytesOf(size));
    const [c0, c1, c2, c3, c4] = sealed as [Bytes, Bytes, Bytes, Bytes, Bytes];
    // reordered
    expect(await openAll(cipher, [c1, c0, c2, c3, c4])).toBeUndefined();
    // dropped (a middle chunk): the count no longer matches and the places shift
    expect(await openAll({ ...cipher, chunkCount: 4 }, [c0, c2, c3, c4])).toBeUndefined();
    // truncated: the object cut after chunk 3 — chunk 3 was not sealed as the last
    expect(await openAll({ ...cipher, chunkCount: 4 }, [c0, c1, c2, c3])).toBeUndefined();
    // a chunk repeated in place of another
    expect(await openAll(cipher, [c0, c0, c2, c3, c4])).toBeUndefined();
    // one bit altered, in the body and in the tag
    for (const at of [0, c2.length - 1]) {
      const altered = c2.slice();
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(await openAll(cipher, [c0, c1, altered, c3, c4])).toBeUndefined();
    }
    // a chunk cut short
    expect(await openAll(cipher, [c0, c1, c2.slice(0, 100), c3, c4])).toBeUndefined();
    // an extended object: the old last chunk is not accepted in the middle
    expect(await openAll({ ...cipher, chunkCount: 6 }, [c0, c1, c2, c3, c4, c4])).toBeUndefined();
    expect(await openAll(cipher, sealed)).toBeDefined();
  });

  it('binds chunks to their object: another name, bucket or object id does not open them', async () => {
    const cipher = await cipherFor(CHUNK * 2);
    const sealed = await seal(cipher, bytesOf(CHUNK * 2));
    for (const binding of [
      { ...cipher.binding, name: 'b.txt' },
      { ...cipher.binding, bucket: 'b2' },
      { ...cipher.binding, objectId: crypto.randomUUID() },
    ])
      expect(await openAll({ ...cipher, binding }, sealed)).toBeUndefined();
    // the same place in another object (same DEK even): swapped chunks are refused
    const other = { ...cipher, binding: { ...cipher.binding, objectId: crypto.randomUUID() } };
    const otherSealed = await seal(other, bytesOf(CHUNK * 2));
    expect(await openAll(cipher, [sealed[0] as Bytes, otherSealed[1] as Bytes])).toBeUndefined();
  });

  it('uses a fresh nonce prefix and DEK per object', async () => {
    const a = newNoncePrefix();
    const b = newNoncePrefix();
    expect(a).not.toEqual(b);
    expect(newDek()).not.toEqual(newDek());
  });

  it('refuses a chunk index outside the object', async () => {
    const cipher = await cipherFor(10);
    await expect(sealChunk(cipher, 1, new Uint8Array(0))).rejects.toThrow(RangeError);
  });
});
