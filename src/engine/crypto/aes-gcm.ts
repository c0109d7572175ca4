/**
 * AES-256-GCM, the engine's only symmetric cipher. Safe defaults in the signatures: keys are
 * non-extractable unless a caller says otherwise, and every encryption takes a fresh 96-bit IV.
 */
import { GCM_IV_LENGTH } from '../../domain/envelope';
import { pooledRandomBytes } from './random';

export type Bytes = Uint8Array<ArrayBuffer>;

export function generateAesKey(extractable = false): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, extractable, [
    'encrypt',
    'decrypt',
  ]);
}

export function importAesKey(raw: Bytes, extractable = false): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, extractable, [
    'encrypt',
    'decrypt',
  ]);
}

/** A fresh random 96-bit IV (from the CSPRNG, through the pool: random.ts). */
export function freshIv(): Bytes {
  return pooledRandomBytes(GCM_IV_LENGTH);
}

export async function aesGcmEncrypt(
  key: CryptoKey,
  iv: Bytes,
  data: Bytes,
  aad: Bytes,
): Promise<Bytes> {
  return new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, data),
  );
}

/** Decrypts, or returns undefined when the tag does not verify (wrong key, data or AAD). */
export async function aesGcmDecrypt(
  key: CryptoKey,
  iv: Bytes,
  data: Bytes,
  aad: Bytes,
): Promise<Bytes | undefined> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, data),
    );
  } catch {
    return undefined;
  }
}

/**
 * Decrypts `data` (ciphertext ‖ tag) under raw key material with no AAD, as a user's tool would
 * have encrypted it (the import nonce check). Undefined when it does not verify or the material is
 * not an AES key size.
 */
export async function aesGcmDecryptWithMaterial(
  material: Bytes,
  iv: Bytes,
  data: Bytes,
): Promise<Bytes | undefined> {
  if (![16, 24, 32].includes(material.length)) return undefined;
  const key = await importAesKey(material, false);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data));
  } catch {
    return undefined;
  }
}
