/**
 * The account seal's cryptography (issue 14, after Vault's seal): PBKDF2-SHA-256 (600,000
 * iterations, 16-byte salt) derives a non-extractable AES-256-GCM key-encryption key from the
 * Administrator's passphrase; each sealed master key is stored only as AES-256-GCM(KEK, fresh IV,
 * its 32 raw bytes, AAD naming the instance). Unsealed, a master key lives only in the worker's
 * memory, as a non-extractable CryptoKey. A check value (a fixed text sealed the same way) tells a
 * wrong passphrase apart even when no instance is sealed.
 */
import { aesGcmDecrypt, aesGcmEncrypt, freshIv, importAesKey, type Bytes } from './aes-gcm';
import { PBKDF2_ITERATIONS, PBKDF2_SALT_BYTES } from './password-file';
import { randomBytes } from './random';

export interface SealedBytes {
  iv: Bytes;
  /** Ciphertext ‖ 16-byte tag. */
  ciphertext: Bytes;
}

const CHECK = 'keyward-seal-check/v1';

const aad = (label: string) => new TextEncoder().encode(`keyward/seal/v1/${label}`);

export function freshSealSalt(): Bytes {
  return randomBytes(PBKDF2_SALT_BYTES);
}

export { PBKDF2_ITERATIONS as SEAL_ITERATIONS };

async function seal(kek: CryptoKey, data: Bytes, label: string): Promise<SealedBytes> {
  const iv = freshIv();
  return { iv, ciphertext: await aesGcmEncrypt(kek, iv, data, aad(label)) };
}

export function sealCheck(kek: CryptoKey): Promise<SealedBytes> {
  return seal(kek, new TextEncoder().encode(CHECK), 'check');
}

/** Whether `kek` is the one the check value was sealed under (the passphrase is right). */
export async function checkSealKey(kek: CryptoKey, check: SealedBytes): Promise<boolean> {
  const opened = await aesGcmDecrypt(kek, check.iv, check.ciphertext, aad('check'));
  return opened !== undefined && new TextDecoder().decode(opened) === CHECK;
}

/**
 * A fresh master key for `instanceId`: usable at once (non-extractable) and sealed under `kek`;
 * its raw bytes are erased before this returns.
 */
export async function freshSealedMasterKey(
  kek: CryptoKey,
  instanceId: string,
): Promise<{ key: CryptoKey; sealed: SealedBytes }> {
  const raw = randomBytes(32);
  try {
    return { key: await importAesKey(raw, false), sealed: await seal(kek, raw, instanceId) };
  } finally {
    raw.fill(0);
  }
}

/** Opens a sealed master key as a non-extractable CryptoKey; undefined if it does not verify. */
export async function openSealedMasterKey(
  kek: CryptoKey,
  instanceId: string,
  sealed: SealedBytes,
): Promise<CryptoKey | undefined> {
  const raw = await aesGcmDecrypt(kek, sealed.iv, sealed.ciphertext, aad(instanceId));
  if (!raw) return undefined;
  try {
    return await importAesKey(raw, false);
  } finally {
    raw.fill(0);
  }
}
