/** The IV pool: every value is fresh, of its length, and the pool refills across its end. */
import { describe, expect, it } from 'vitest';
import { freshIv } from './aes-gcm';
import { openEnvelope, sealEnvelope } from './envelope-crypto';
import { decodeEnvelope } from '../../domain/envelope';
import { generateAesKey, type Bytes } from './aes-gcm';
import { pooledRandomBytes, randomUUID } from './random';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('pooled random bytes', () => {
  it('hands out each value once: 20,000 IVs (past several refills) are all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const iv = freshIv();
      expect(iv).toHaveLength(12);
      seen.add(hex(iv));
    }
    expect(seen.size).toBe(20_000);
  });

  it('gives values of the asked length that do not share memory with the pool', () => {
    const a = pooledRandomBytes(7);
    const before = hex(a);
    pooledRandomBytes(7);
    expect(a).toHaveLength(7);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(7);
    expect(hex(a)).toBe(before);
    expect(pooledRandomBytes(1000)).toHaveLength(1000);
  });
});

describe('envelope sealing', () => {
  it('opens what it sealed, with and without AAD, and refuses another AAD', async () => {
    const key = await generateAesKey();
    const dek = crypto.getRandomValues(new Uint8Array(32)) as Bytes;
    const keyId = crypto.randomUUID();
    const versionId = crypto.randomUUID();
    for (const aad of [[], ['bucket', 'object']]) {
      const envelope = decodeEnvelope(await sealEnvelope(key, keyId, versionId, dek, aad));
      expect(envelope).toMatchObject({ keyId, keyVersionId: versionId });
      if (!envelope) return;
      expect(await openEnvelope(key, envelope, aad)).toEqual(dek);
      expect(await openEnvelope(key, envelope, ['other'])).toBeUndefined();
    }
  });
});

describe('random UUIDs from the pool', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are version 4 UUIDs, all different across several refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = randomUUID();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
  });

  it('vary in every random position (no digit stuck at one value)', () => {
    const ids = Array.from({ length: 2_000 }, () => randomUUID().replaceAll('-', ''));
    for (let pos = 0; pos < 32; pos++) {
      const digits = new Set(ids.map((id) => id[pos]));
      // The version digit is always 4; the variant digit one of 8, 9, a, b.
      expect(digits.size).toBe(pos === 12 ? 1 : pos === 16 ? 4 : 16);
    }
  });
});
