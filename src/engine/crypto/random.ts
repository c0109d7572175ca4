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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version 4 UUID (RFC 9562: 122 random bits, the version and variant bits set), its bits drawn
 * from the pool above. Why not `crypto.randomUUID()`: Chromium asks the OS for 16 bytes on every
 * call, about 3 µs, and a single wrap makes two (its correlation id and its event's id), more than
 * the AES-GCM encryption itself. Ids are public, like IVs; each pool byte is used once.
 */
export function randomUUID(): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const b = pool;
  const o = poolAt;
  poolAt += 16;
  const h = (i: number) => HEX[b[o + i] as number] as string;
  return (
    h(0) +
    h(1) +
    h(2) +
    h(3) +
    '-' +
    h(4) +
    h(5) +
    '-' +
    (HEX[((b[o + 6] as number) & 0x0f) | 0x40] as string) +
    h(7) +
    '-' +
    (HEX[((b[o + 8] as number) & 0x3f) | 0x80] as string) +
    h(9) +
    '-' +
    h(10) +
    h(11) +
    h(12) +
    h(13) +
    h(14) +
    h(15)
  );
}

export function randomHex(bytes: number): string {
  return Array.from(randomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
