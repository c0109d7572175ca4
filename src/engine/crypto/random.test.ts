/** The IV pool: every value is fresh, of its length, and the pool refills across its end. */
import { describe, expect, it } from 'vitest';
import { freshIv } from './aes-gcm';
import { openEnvelope, sealEnvelope } from './envelope-crypto';
import { decodeEnvelope } from '../../domain/envelope';
import { generateAesKey, type Bytes } from './aes-gcm';
import { pooledRandomBytes } from './random';

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
