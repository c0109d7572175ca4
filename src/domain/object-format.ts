/**
 * The documented layout of an encrypted object (docs/object-format.md): how an object is cut into
 * chunks, and the nonce and additional data that bind each chunk to its object, its place and
 * whether it is the last. Pure byte layout; the engine's crypto folder seals and opens chunks.
 *
 * Chunk i of an object with n chunks (n ≥ 1; an empty object is one empty final chunk):
 *   nonce (96 bits) = noncePrefix (7 random bytes, per object) ‖ i (uint32 BE) ‖ last (0x01 / 0x00)
 *   AAD             = "keyward/object/v1" ‖ 0x00 ‖ objectId (16 bytes) ‖ i (uint32 BE) ‖ last (1 byte)
 *                     ‖ len(bucket) (uint32 BE) ‖ bucket (UTF-8) ‖ len(name) (uint32 BE) ‖ name (UTF-8)
 *   stored          = AES-256-GCM(DEK, nonce, plaintext, AAD) = ciphertext ‖ 128-bit tag
 * Every object has its own DEK, so nonces (unique per chunk index within an object) never repeat
 * under one key.
 */
import { uuidToBytes } from './envelope';

export const OBJECT_FORMAT_VERSION = 1;
/**
 * Plaintext bytes per chunk of a new object (4 MiB); the last chunk holds the rest (possibly 0
 * bytes). Each object's record keeps its own chunk size, and reading uses that: objects written
 * with 1 MiB chunks (before 2 December 2026) read as before. Why 4 MiB: every chunk is one engine
 * call, one write transaction and one audit event, whose fixed cost 1 MiB chunks paid four times
 * as often (issue 16, bench/object-throughput.mjs); memory stays bounded by chunks in flight.
 */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
export const NONCE_PREFIX_LENGTH = 7;
const AAD_LABEL = new TextEncoder().encode('keyward/object/v1\0');

export interface ObjectBinding {
  bucket: string;
  name: string;
  /** A fresh UUID per stored object version. */
  objectId: string;
}

/** How many chunks an object of `size` bytes has: at least one (an empty object has one). */
export function chunkCountFor(size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

/** The plaintext length of chunk `index`. */
export function chunkLength(size: number, chunkSize: number, index: number): number {
  const count = chunkCountFor(size, chunkSize);
  if (index < 0 || index >= count) return -1;
  return index < count - 1 ? chunkSize : size - chunkSize * (count - 1);
}

export function chunkNonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array {
  if (prefix.length !== NONCE_PREFIX_LENGTH) throw new Error('nonce prefix must be 7 bytes');
  const nonce = new Uint8Array(12);
  nonce.set(prefix, 0);
  new DataView(nonce.buffer).setUint32(NONCE_PREFIX_LENGTH, index);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function chunkAad(binding: ObjectBinding, index: number, last: boolean): Uint8Array {
  const bucket = new TextEncoder().encode(binding.bucket);
  const name = new TextEncoder().encode(binding.name);
  const out = new Uint8Array(AAD_LABEL.length + 16 + 4 + 1 + 4 + bucket.length + 4 + name.length);
  const view = new DataView(out.buffer);
  let at = 0;
  out.set(AAD_LABEL, at);
  at += AAD_LABEL.length;
  out.set(uuidToBytes(binding.objectId), at);
  at += 16;
  view.setUint32(at, index);
  at += 4;
  out[at] = last ? 1 : 0;
  at += 1;
  view.setUint32(at, bucket.length);
  at += 4;
  out.set(bucket, at);
  at += bucket.length;
  view.setUint32(at, name.length);
  at += 4;
  out.set(name, at);
  return out;
}

/** The AAD list the bucket's root key wraps an object's DEK under (SPEC section 10). */
export function dekAad(bucket: string, name: string): string[] {
  return [bucket, name];
}
