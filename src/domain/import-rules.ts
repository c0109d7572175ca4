/**
 * Rules for imported key material (SPEC.md sections 3 and 6), shared by the engine (which
 * enforces them) and the console (which checks them as the user types).
 */

export const ROOT_MATERIAL_LENGTHS = [16, 24, 32] as const;
export const STANDARD_PAYLOAD_MAX = 7500;
/** The GCM IV of a secure import's encrypted nonce. */
export const IMPORT_IV_LENGTH = 12;

/**
 * The secure-import algorithms an instance accepts: Key Protect takes RSA-OAEP with SHA-256; a
 * Hyper Protect Crypto Services instance takes SHA-1 as well.
 */
export function importAlgorithmsFor(
  kind: 'kms' | 'hpcs' | 'cos',
): readonly ('RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1')[] {
  return kind === 'hpcs' ? ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'] : ['RSAES_OAEP_SHA_256'];
}

/** The length rule for material, or undefined when it fits. */
export function materialLengthProblem(length: number, extractable: boolean): string | undefined {
  if (extractable) {
    if (length < 1 || length > STANDARD_PAYLOAD_MAX)
      return `a standard key's payload must be 1–${STANDARD_PAYLOAD_MAX} bytes; this is ${length}`;
    return undefined;
  }
  if (!(ROOT_MATERIAL_LENGTHS as readonly number[]).includes(length))
    return `root key material must be 16, 24 or 32 bytes (AES-128, -192 or -256); this is ${length}`;
  return undefined;
}
