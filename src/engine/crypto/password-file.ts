/**
 * Password-protected secrets (the part files and signature key files of SPEC section 11, see
 * docs/hpcs-files.md): PBKDF2-SHA-256 (at least 600,000 iterations, 16-byte salt) derives an
 * AES-256-GCM key from the password; the secret is sealed with a fresh 96-bit IV and the file's
 * header as AAD, so neither the ciphertext nor the header can be altered unnoticed.
 */
import { aesGcmDecrypt, aesGcmEncrypt, freshIv, type Bytes } from './aes-gcm';
import { randomBytes } from './random';

export const PBKDF2_ITERATIONS = 600_000;
export const PBKDF2_SALT_BYTES = 16;

export interface PasswordSealed {
  salt: Bytes;
  iterations: number;
  iv: Bytes;
  /** Ciphertext ‖ 16-byte tag. */
  ciphertext: Bytes;
}

/** PBKDF2-SHA-256 of a password or passphrase → a non-extractable AES-256-GCM key. */
export async function derivePasswordKey(
  password: string,
  salt: Bytes,
  iterations: number,
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealWithPassword(
  password: string,
  secret: Bytes,
  aad: Bytes,
): Promise<PasswordSealed> {
  const salt = randomBytes(PBKDF2_SALT_BYTES);
  const iv = freshIv();
  const key = await derivePasswordKey(password, salt, PBKDF2_ITERATIONS);
  return {
    salt,
    iterations: PBKDF2_ITERATIONS,
    iv,
    ciphertext: await aesGcmEncrypt(key, iv, secret, aad),
  };
}

/** The secret, or undefined when the password is wrong or anything sealed was altered. */
export async function openWithPassword(
  password: string,
  sealed: PasswordSealed,
  aad: Bytes,
): Promise<Bytes | undefined> {
  const key = await derivePasswordKey(password, sealed.salt, sealed.iterations);
  return aesGcmDecrypt(key, sealed.iv, sealed.ciphertext, aad);
}
