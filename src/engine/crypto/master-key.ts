/**
 * Hyper Protect master keys (SPEC section 11): a master key is the XOR of 2 or 3 parts of 32
 * bytes; in the engine it lives only as a non-extractable AES-256-GCM CryptoKey (the register).
 * Verification patterns let custodians compare parts and registers without revealing them.
 */
import type { Bytes } from './aes-gcm';
import { importAesKey } from './aes-gcm';
import { randomBytes } from './random';

export const MASTER_KEY_PART_BYTES = 32;

export function generateMasterKeyPart(): Bytes {
  return randomBytes(MASTER_KEY_PART_BYTES);
}

/**
 * A verification pattern: the first 16 bytes of SHA-256("keyward-hpcs-vp/v1" ‖ key), as 32
 * lowercase hex digits (docs/hpcs-files.md).
 */
export async function verificationPattern(key: Bytes): Promise<string> {
  const label = new TextEncoder().encode('keyward-hpcs-vp/v1');
  const input = new Uint8Array(label.length + key.length);
  input.set(label);
  input.set(key, label.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  input.fill(0);
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of bytes, as lowercase hex (key identifiers of administrators). */
export async function sha256HexOf(bytes: Bytes): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** XORs the parts into the master key; returns it as a non-extractable key and its pattern. */
export async function combineMasterKeyParts(
  parts: readonly Bytes[],
): Promise<{ key: CryptoKey; verificationPattern: string }> {
  const combined = new Uint8Array(MASTER_KEY_PART_BYTES);
  for (const part of parts) for (let i = 0; i < combined.length; i++) combined[i]! ^= part[i]!;
  try {
    return {
      key: await importAesKey(combined, false),
      verificationPattern: await verificationPattern(combined),
    };
  } finally {
    combined.fill(0);
  }
}
