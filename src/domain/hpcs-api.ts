/**
 * The Hyper Protect part of the engine's API (SPEC section 11), merged into `KeywardApi`.
 * `ctx.instanceId` names the hpcs instance. Files travel as their text (JSON, see
 * docs/hpcs-files.md); the engine never stores a part or a private key.
 */
import type { CallContext } from './api-common';
import type { CeremonySignature, HpcsState } from './hpcs';

export interface PasswordFile {
  /** The file's text. */
  file: string;
  password: string;
}

export interface HpcsApi {
  /** Crypto units, registers, administrators, thresholds, master key status. Audited as a read. */
  getHpcsState(ctx: CallContext): Promise<HpcsState>;
  /**
   * Makes an administrator's signature key pair (ECDSA P-256). The private key is returned only
   * inside the password-protected file; the engine keeps nothing.
   */
  createSignatureKey(
    ctx: CallContext,
    req: { name: string; password: string },
  ): Promise<{ file: string; adminId: string; publicKey: string }>;
  /** Signs a ceremony command text with the key in a signature key file (nothing is kept). */
  signCeremonyCommand(
    ctx: CallContext,
    req: PasswordFile & { text: string },
  ): Promise<CeremonySignature>;
  /** Adds an administrator (the public key of a signature key file) to every crypto unit. */
  addCryptoUnitAdmin(
    ctx: CallContext,
    req: { keyFile: string; signatures?: CeremonySignature[] },
  ): Promise<HpcsState>;
  /** Removes an administrator (revocation threshold signatures). */
  removeCryptoUnitAdmin(
    ctx: CallContext,
    req: { adminId: string; signatures: CeremonySignature[] },
  ): Promise<HpcsState>;
  /** Sets the signature and revocation thresholds; the first time, this ends imprint mode. */
  setCryptoUnitThresholds(
    ctx: CallContext,
    req: { signature: number; revocation: number; signatures: CeremonySignature[] },
  ): Promise<HpcsState>;
  /**
   * The acting custodian (Manager on the instance) makes a master key part: 32 random bytes, or
   * the 64 hex digits typed. Returned only as a password-protected part file.
   */
  createMasterKeyPart(
    ctx: CallContext,
    req: { password: string; hex?: string },
  ): Promise<{ file: string; verificationPattern: string }>;
  /** Loads 2 or 3 parts (distinct custodians) into the new master key register. */
  loadMasterKey(
    ctx: CallContext,
    req: { parts: PasswordFile[]; signatures: CeremonySignature[] },
  ): Promise<HpcsState>;
  commitMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState>;
  /** Makes the committed new master key current on every unit (no current master key yet). */
  activateMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState>;
  /** Re-enciphers every key under the committed new master key, then makes it current. */
  rotateMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState>;
  /** Copies the recovery unit's master key back into the operational units (after a zeroize). */
  recoverMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState>;
  /** Clears the operational units' registers (and the recovery unit's, if asked). */
  zeroizeCryptoUnits(
    ctx: CallContext,
    req: { confirm: string; includeRecovery?: boolean; signatures: CeremonySignature[] },
  ): Promise<HpcsState>;
}

export const HPCS_API_METHODS = [
  'getHpcsState',
  'createSignatureKey',
  'signCeremonyCommand',
  'addCryptoUnitAdmin',
  'removeCryptoUnitAdmin',
  'setCryptoUnitThresholds',
  'createMasterKeyPart',
  'loadMasterKey',
  'commitMasterKey',
  'activateMasterKey',
  'rotateMasterKey',
  'recoverMasterKey',
  'zeroizeCryptoUnits',
] as const satisfies readonly (keyof HpcsApi)[];
