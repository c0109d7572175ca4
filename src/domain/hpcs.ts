/**
 * Hyper Protect Crypto Services (SPEC section 11), the pure part: the ceremony's commands and the
 * exact text administrators sign for each, the bounds of thresholds, parts, names and passwords,
 * and the instance’s state as the console sees it. Imports only other domain modules.
 */
import { controlCharacterProblem } from './validation';

export const HPCS_LIMITS = {
  maxAdmins: 8,
  thresholdMin: 1,
  thresholdMax: 8,
  partsMin: 2,
  partsMax: 3,
  adminNameMin: 2,
  adminNameMax: 30,
  passwordMin: 8,
  passwordMax: 128,
  /** A part or signature key file is a few hundred bytes; anything far larger is not one. */
  fileMax: 8192,
} as const;

/** A ceremony command, as the administrators approve it. */
export type CeremonyCommand =
  | { kind: 'admin.add'; name: string; publicKey: string }
  | { kind: 'admin.remove'; adminId: string }
  | { kind: 'threshold.set'; signature: number; revocation: number }
  /** Loads the new master key register from parts (their verification patterns, in order). */
  | { kind: 'master-key.load'; parts: string[] }
  | { kind: 'master-key.commit'; verificationPattern: string }
  | { kind: 'master-key.activate'; verificationPattern: string }
  | { kind: 'master-key.rotate'; verificationPattern: string }
  | { kind: 'master-key.recover'; verificationPattern: string }
  | { kind: 'zeroize'; includeRecovery: boolean };

export type CeremonyCommandKind = CeremonyCommand['kind'];

/** One administrator's signature over a command text. */
export interface CeremonySignature {
  adminId: string;
  /** Base64 of the IEEE P1363 ECDSA P-256 / SHA-256 signature (64 bytes). */
  signature: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The exact text an administrator signs: the format line, the instance, the command's sequence
 * number and the command as canonical JSON (keys sorted). A signature is valid for this
 * instance, this command and this sequence number only: it cannot be replayed or re-targeted.
 */
export function ceremonyCommandText(
  instanceId: string,
  sequence: number,
  command: CeremonyCommand,
): string {
  return `keyward-hpcs-command/v1\ninstance:${instanceId}\nsequence:${sequence}\ncommand:${canonical(command)}`;
}

/** What a command needs: nothing (imprint mode), the signature or the revocation threshold. */
export function thresholdFor(kind: CeremonyCommandKind): 'signature' | 'revocation' {
  return kind === 'admin.remove' ? 'revocation' : 'signature';
}

export function thresholdProblem(value: unknown, admins: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `must be a whole number from ${HPCS_LIMITS.thresholdMin} to ${HPCS_LIMITS.thresholdMax}`;
  if (value < HPCS_LIMITS.thresholdMin || value > HPCS_LIMITS.thresholdMax)
    return `must be from ${HPCS_LIMITS.thresholdMin} to ${HPCS_LIMITS.thresholdMax} (this is ${value})`;
  if (value > admins)
    return `cannot exceed the number of administrators (${admins}); add administrators first`;
  return undefined;
}

export function adminNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim().length === 0) return 'a name is required';
  if (name !== name.trim()) return 'remove the spaces at the start or end';
  if (name.length < HPCS_LIMITS.adminNameMin || name.length > HPCS_LIMITS.adminNameMax)
    return `use ${HPCS_LIMITS.adminNameMin}–${HPCS_LIMITS.adminNameMax} characters`;
  if ([...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127))
    return 'remove line breaks and other control characters';
  return controlCharacterProblem(name);
}

export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'a password is required';
  if (password.length < HPCS_LIMITS.passwordMin || password.length > HPCS_LIMITS.passwordMax)
    return `use ${HPCS_LIMITS.passwordMin}–${HPCS_LIMITS.passwordMax} characters`;
  return undefined;
}

/** A typed part: exactly 64 hex digits (32 bytes). */
export function partHexProblem(hex: unknown): string | undefined {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex))
    return 'type exactly 64 hexadecimal digits (32 bytes)';
  if (/^0+$/.test(hex)) return 'a part of all zeros adds nothing; choose another';
  return undefined;
}

export type NewRegisterState = 'empty' | 'uncommitted' | 'committed';
export type CurrentRegisterState = 'empty' | 'valid';

export interface CryptoUnit {
  id: string;
  kind: 'operational' | 'recovery';
  zone: string;
  newRegister: { state: NewRegisterState; verificationPattern?: string };
  currentRegister: { state: CurrentRegisterState; verificationPattern?: string };
}

export interface CryptoUnitAdmin {
  /** First 16 bytes of SHA-256 of the public key (SPKI), hex. */
  id: string;
  name: string;
  addedAt: string;
  addedBy: string;
}

export type MasterKeyStatus =
  /** No master key was ever activated. */
  | 'not-loaded'
  | 'active'
  /** Zeroized: the keys' master key must be loaded again (or recovered). */
  | 'zeroized';

export interface HpcsState {
  instanceId: string;
  instanceName: string;
  imprintMode: boolean;
  /** The sequence number the next ceremony command must be signed with. */
  sequence: number;
  admins: CryptoUnitAdmin[];
  signatureThreshold?: number;
  revocationThreshold?: number;
  units: CryptoUnit[];
  /** Custodians whose parts are in the new register, in load order. */
  loadedParts: { custodianId: string; custodianName: string; verificationPattern: string }[];
  masterKey: {
    status: MasterKeyStatus;
    activeSince?: string;
    zeroizedAt?: string;
    verificationPattern?: string;
    /** The pattern of the master key the instance's keys are enciphered under (kept on zeroize). */
    keysVerificationPattern?: string;
    /** The recovery unit still holds the keys' master key: it can be recovered. */
    recoverable: boolean;
  };
  /** A new master key is loaded while one is current: creating and rotating keys is refused. */
  rotationPending: boolean;
  /** Re-enciphering under way in this engine: N of M keys done. */
  rotationProgress?: { done: number; total: number };
  /** Keys of the instance (not purged), and buckets they protect. */
  keyCount: number;
  bucketCount: number;
  /** Account users with Manager on the whole instance: who may make and load parts. */
  custodians: { id: string; name: string }[];
  /** May the acting user run ceremony commands (Manager on the instance)? */
  mayAct: boolean;
  mayActReason?: string;
}

/** One sentence for what the instance can do right now (the status line of the console). */
export function describeMasterKey(state: HpcsState, formatDate: (iso: string) => string): string {
  const { masterKey } = state;
  const keys = `${state.keyCount} ${state.keyCount === 1 ? 'key' : 'keys'}`;
  const buckets = `${state.bucketCount} ${state.bucketCount === 1 ? 'bucket' : 'buckets'}`;
  if (masterKey.status === 'active') {
    const since = masterKey.activeSince ? ` since ${formatDate(masterKey.activeSince)}` : '';
    const pending = state.rotationPending
      ? ' A new master key is loaded: creating and rotating keys waits until it is rotated in.'
      : '';
    return `Master key active${since}.${pending}`;
  }
  if (masterKey.status === 'zeroized')
    return `Zeroized: ${keys} and ${buckets} unreadable until the master key is loaded again.`;
  if (state.imprintMode)
    return 'No master key yet: the crypto units are in imprint mode. Add administrators and set the thresholds first.';
  return 'No master key yet: load the custodians’ parts, commit and activate before any key can be created.';
}

/**
 * The action an event records: Key Protect's `kms.` actions aimed at something of an hpcs
 * instance (its CRN names the service `hs-crypto`) are recorded as `hs-crypto.` actions, as
 * Hyper Protect Crypto Services records them. The one place this mapping happens.
 */
export function eventActionFor(action: string, targetCrn: string): string {
  if (!action.startsWith('kms.')) return action;
  return targetCrn.startsWith('crn:v1:keyward:public:hs-crypto:')
    ? `hs-crypto.${action.slice('kms.'.length)}`
    : action;
}
