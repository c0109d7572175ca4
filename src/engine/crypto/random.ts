/** Randomness for the engine: ids, IVs and generated key material. */

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

/**
 * Random bytes drawn from a pool the CSPRNG fills 64 KiB at a time, for the small values made
 * once per operation (IVs): one `getRandomValues` call cost more than the AES-GCM encryption of a
 * 32-byte DEK. Each byte is handed out once and never again; the pool holds nothing secret (IVs
 * are public), and it is as random as a call per value.
 */
const POOL_BYTES = 65_536;
let pool = new Uint8Array(0);
let poolAt = 0;

export function pooledRandomBytes(length: number): Uint8Array<ArrayBuffer> {
  if (length > 256) return randomBytes(length);
  if (poolAt + length > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const bytes = pool.slice(poolAt, poolAt + length);
  poolAt += length;
  return bytes;
}

export function randomUUID(): string {
  return crypto.randomUUID();
}

export function randomHex(bytes: number): string {
  return Array.from(randomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
