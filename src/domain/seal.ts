/**
 * The account seal (Keyward addition, after Vault's seal; issue 14): what the console is told of
 * it, and the passphrase rule.
 */

/** Off by default. On: the kms master keys are stored only sealed under the passphrase. */
export interface SealStatus {
  /** The seal is on (master keys stored only sealed). */
  enabled: boolean;
  /** On, and not unsealed in this engine (this tab's worker): key material cannot be used. */
  sealed: boolean;
  /** When the seal was put on, and by whom (user id). */
  sealedAt?: string;
  sealedBy?: string;
}

export interface SealRequest {
  passphrase: string;
}

export const SEAL_PASSPHRASE = { min: 12, max: 1024 } as const;

/** Why a passphrase cannot be used to put the seal on, or undefined when it can. */
export function sealPassphraseProblem(passphrase: string): string | undefined {
  if (passphrase.length < SEAL_PASSPHRASE.min)
    return `use a passphrase of at least ${SEAL_PASSPHRASE.min} characters (this has ${passphrase.length})`;
  if (passphrase.length > SEAL_PASSPHRASE.max)
    return `use a passphrase of at most ${SEAL_PASSPHRASE.max} characters`;
  return undefined;
}
