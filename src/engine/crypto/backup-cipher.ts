/**
 * The cipher of the backup file (SPEC section 14; docs/backup-format.md): PBKDF2-SHA-256 (at
 * least 600,000 iterations, 16-byte salt) derives 64 bytes from the passphrase: the first 32 are
 * the AES-256-GCM key, the last 32 a check value whose SHA-256 the file's header carries, so a
 * wrong passphrase is told apart from a damaged file before anything is decrypted.
 */
import { aesGcmDecrypt, aesGcmEncrypt, freshIv, importAesKey, type Bytes } from './aes-gcm';
import { PBKDF2_ITERATIONS, PBKDF2_SALT_BYTES } from './password-file';
import { randomBytes } from './random';

export { PBKDF2_ITERATIONS as BACKUP_ITERATIONS };

export interface BackupKeys {
  key: CryptoKey;
  /** SHA-256 of the check value. */
  checkDigest: Bytes;
}

export async function deriveBackupKeys(
  passphrase: string,
  salt: Bytes,
  iterations: number,
): Promise<BackupKeys> {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      base,
      512,
    ),
  );
  try {
    const key = await importAesKey(bits.slice(0, 32), false);
    const checkDigest = new Uint8Array(await crypto.subtle.digest('SHA-256', bits.slice(32)));
    return { key, checkDigest };
  } finally {
    bits.fill(0);
  }
}

export function freshBackupSalt(): Bytes {
  return randomBytes(PBKDF2_SALT_BYTES);
}

export { freshIv as freshBackupIv };

/** Ciphertext ‖ tag of `plaintext`, bound to `header` (the file's first line) as AAD. */
export function sealBackupBody(
  key: CryptoKey,
  iv: Bytes,
  plaintext: Bytes,
  header: Bytes,
): Promise<Bytes> {
  return aesGcmEncrypt(key, iv, plaintext, header);
}

/** The plaintext, or undefined when the body or the header was altered. */
export function openBackupBody(
  key: CryptoKey,
  iv: Bytes,
  body: Bytes,
  header: Bytes,
): Promise<Bytes | undefined> {
  return aesGcmDecrypt(key, iv, body, header);
}
