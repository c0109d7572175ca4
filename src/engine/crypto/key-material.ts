/**
 * Key material at rest. Every key version's material is stored enciphered under its instance's
 * master key (a non-extractable AES-256-GCM key the engine creates and keeps in IndexedDB), bound
 * by AAD to the key and version it belongs to. In memory, root material lives only as
 * non-extractable CryptoKeys.
 */
import { concatBytes, GCM_IV_LENGTH } from '../../domain/envelope';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  freshIv,
  generateAesKey,
  importAesKey,
  type Bytes,
} from './aes-gcm';
import { randomBytes } from './random';

export const GENERATED_KEY_BYTES = 32;

export function createMasterKey(): Promise<CryptoKey> {
  return generateAesKey(false);
}

export function generateMaterial(): Bytes {
  return randomBytes(GENERATED_KEY_BYTES);
}

function binding(keyId: string, versionId: string): Bytes {
  return new TextEncoder().encode(`keyward/material/v1/${keyId}/${versionId}`);
}

/** Enciphers material under the master key: IV (12 bytes) followed by ciphertext and tag. */
export async function encipherMaterial(
  masterKey: CryptoKey,
  keyId: string,
  versionId: string,
  material: Bytes,
): Promise<Bytes> {
  const iv = freshIv();
  const sealed = await aesGcmEncrypt(masterKey, iv, material, binding(keyId, versionId));
  return concatBytes(iv, sealed) as Bytes;
}

export async function decipherMaterial(
  masterKey: CryptoKey,
  keyId: string,
  versionId: string,
  enciphered: Bytes,
): Promise<Bytes> {
  const iv = enciphered.slice(0, GCM_IV_LENGTH);
  const sealed = enciphered.slice(GCM_IV_LENGTH);
  const material = await aesGcmDecrypt(masterKey, iv, sealed, binding(keyId, versionId));
  if (!material) throw new Error(`stored material of ${keyId}/${versionId} does not verify`);
  return material;
}

/** Turns root material into a non-extractable key for wrapping. */
export async function rootKeyFromMaterial(
  masterKey: CryptoKey,
  keyId: string,
  versionId: string,
  enciphered: Bytes,
): Promise<CryptoKey> {
  const material = await decipherMaterial(masterKey, keyId, versionId, enciphered);
  try {
    return await importAesKey(material, false);
  } finally {
    material.fill(0);
  }
}
