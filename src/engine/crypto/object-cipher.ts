/**
 * Chunked object encryption (docs/object-format.md): a fresh DEK per object, each chunk sealed
 * with AES-256-GCM under a nonce and AAD that bind it to its object, its index and whether it is
 * the last, so no chunk can be altered, reordered, dropped, swapped between objects, or the object
 * truncated, without failing to open.
 */
import {
  chunkAad,
  chunkNonce,
  NONCE_PREFIX_LENGTH,
  type ObjectBinding,
} from '../../domain/object-format';
import { aesGcmDecrypt, aesGcmEncrypt, importAesKey, type Bytes } from './aes-gcm';
import { randomBytes } from './random';

export const DEK_BYTES = 32;

export interface ObjectCipher {
  binding: ObjectBinding;
  chunkCount: number;
  noncePrefix: Bytes;
  dek: CryptoKey;
}

export function newNoncePrefix(): Bytes {
  return randomBytes(NONCE_PREFIX_LENGTH);
}

export function newDek(): Bytes {
  return randomBytes(DEK_BYTES);
}

/** Imports a raw DEK as a non-extractable key and zeroes the raw bytes. */
export async function dekKey(raw: Bytes): Promise<CryptoKey> {
  try {
    return await importAesKey(raw, false);
  } finally {
    raw.fill(0);
  }
}

function place(cipher: ObjectCipher, index: number): { nonce: Bytes; aad: Bytes } {
  if (!Number.isInteger(index) || index < 0 || index >= cipher.chunkCount)
    throw new RangeError(`chunk index ${index} outside 0..${cipher.chunkCount - 1}`);
  const last = index === cipher.chunkCount - 1;
  return {
    nonce: chunkNonce(cipher.noncePrefix, index, last) as Bytes,
    aad: chunkAad(cipher.binding, index, last) as Bytes,
  };
}

export async function sealChunk(
  cipher: ObjectCipher,
  index: number,
  plaintext: Bytes,
): Promise<Bytes> {
  const { nonce, aad } = place(cipher, index);
  return aesGcmEncrypt(cipher.dek, nonce, plaintext, aad);
}

/** Opens chunk `index`; undefined when it does not verify at that place of that object. */
export async function openChunk(
  cipher: ObjectCipher,
  index: number,
  sealed: Bytes,
): Promise<Bytes | undefined> {
  const { nonce, aad } = place(cipher, index);
  return aesGcmDecrypt(cipher.dek, nonce, sealed, aad);
}
