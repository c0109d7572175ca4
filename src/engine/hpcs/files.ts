/**
 * The two files of the Hyper Protect ceremony (docs/hpcs-files.md): a custodian's master key part
 * file and an administrator's signature key file. Both are JSON: a header in the clear, and the
 * secret (the 32-byte part, or the PKCS#8 private key) sealed under the file's password with
 * PBKDF2-SHA-256 → AES-256-GCM, the header bound as AAD. Opening checks the format, the password
 * and that nothing was altered; a failure is a 400 that says which.
 */
import { EngineError, engineError } from '../../domain/errors';
import { HPCS_LIMITS } from '../../domain/hpcs';
import { encodeBase64, isBase64 } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { publicKeyOfPkcs8 } from '../crypto/admin-signatures';
import { MASTER_KEY_PART_BYTES, sha256HexOf, verificationPattern } from '../crypto/master-key';
import {
  openWithPassword,
  PBKDF2_ITERATIONS,
  sealWithPassword,
  type PasswordSealed,
} from '../crypto/password-file';

export const PART_FORMAT = 'keyward-hpcs-master-key-part';
export const SIGNATURE_KEY_FORMAT = 'keyward-hpcs-signature-key';
export const FILE_VERSION = 1;

interface SealedJson {
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-256-GCM'; iv: string };
  ciphertext: string;
}

export interface PartFileHeader {
  format: typeof PART_FORMAT;
  version: 1;
  instanceId: string;
  custodianId: string;
  custodianName: string;
  createdAt: string;
  verificationPattern: string;
}

export interface SignatureKeyFileHeader {
  format: typeof SIGNATURE_KEY_FORMAT;
  version: 1;
  adminId: string;
  name: string;
  createdAt: string;
  /** Base64 of the SubjectPublicKeyInfo (DER) of the ECDSA P-256 public key. */
  publicKey: string;
}

/** The AAD: the header's fields, one a line, in the documented order. */
export function partAad(h: PartFileHeader): Bytes {
  return utf8(
    [
      h.format,
      h.version,
      h.instanceId,
      h.custodianId,
      h.custodianName,
      h.createdAt,
      h.verificationPattern,
    ].join('\n'),
  );
}

export function signatureKeyAad(h: SignatureKeyFileHeader): Bytes {
  return utf8([h.format, h.version, h.adminId, h.name, h.createdAt, h.publicKey].join('\n'));
}

function utf8(text: string): Bytes {
  return new TextEncoder().encode(text);
}

function fromBase64(value: string): Bytes {
  return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
}

function sealedJson(sealed: PasswordSealed): SealedJson {
  return {
    kdf: {
      name: 'PBKDF2',
      hash: 'SHA-256',
      iterations: sealed.iterations,
      salt: encodeBase64(sealed.salt),
    },
    cipher: { name: 'AES-256-GCM', iv: encodeBase64(sealed.iv) },
    ciphertext: encodeBase64(sealed.ciphertext),
  };
}

function invalidFile(what: string, why: string): EngineError {
  return engineError('INVALID_FILE_ERR', `${what}: ${why}`);
}

const isText = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** Parses a file's JSON and its sealed part; refuses anything not of the documented shape. */
function parse(
  what: string,
  text: unknown,
  format: string,
): { json: Record<string, unknown>; sealed: PasswordSealed } {
  if (typeof text !== 'string' || text.length === 0) throw invalidFile(what, 'choose the file');
  if (text.length > HPCS_LIMITS.fileMax)
    throw invalidFile(what, `this is not a ${format} file (it is ${text.length} characters long)`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidFile(what, `this is not a ${format} file (it is not JSON)`);
  }
  const j = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (j.format !== format)
    throw invalidFile(
      what,
      j.format === PART_FORMAT || j.format === SIGNATURE_KEY_FORMAT
        ? `this is a ${String(j.format)} file, not a ${format} file`
        : `this is not a ${format} file`,
    );
  if (j.version !== FILE_VERSION)
    throw invalidFile(what, `version ${String(j.version)} is not supported (only ${FILE_VERSION})`);
  const kdf = (j.kdf ?? {}) as Record<string, unknown>;
  const cipher = (j.cipher ?? {}) as Record<string, unknown>;
  if (kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || cipher.name !== 'AES-256-GCM')
    throw invalidFile(what, 'it names a key derivation or cipher this format does not use');
  if (
    typeof kdf.iterations !== 'number' ||
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < PBKDF2_ITERATIONS ||
    kdf.iterations > 10 * PBKDF2_ITERATIONS
  )
    throw invalidFile(
      what,
      `its PBKDF2 iteration count must be ${PBKDF2_ITERATIONS.toLocaleString('en-US')} or more`,
    );
  for (const [field, value] of [
    ['kdf.salt', kdf.salt],
    ['cipher.iv', cipher.iv],
    ['ciphertext', j.ciphertext],
  ] as const)
    if (!isText(value, 2000) || !isBase64(value)) throw invalidFile(what, `${field} is not base64`);
  const sealed: PasswordSealed = {
    salt: fromBase64(kdf.salt as string),
    iterations: kdf.iterations,
    iv: fromBase64(cipher.iv as string),
    ciphertext: fromBase64(j.ciphertext as string),
  };
  if (sealed.salt.length !== 16 || sealed.iv.length !== 12)
    throw invalidFile(what, 'its salt must be 16 bytes and its IV 12 bytes');
  return { json: j, sealed };
}

function wrongPassword(what: string): EngineError {
  return invalidFile(
    what,
    'it does not open with this password: the password is wrong, or the file was altered',
  );
}

// ── Part files ────────────────────────────────────────────────────────────────────────────

export async function makePartFile(
  header: Omit<PartFileHeader, 'format' | 'version' | 'verificationPattern'>,
  part: Bytes,
  password: string,
): Promise<{ file: string; verificationPattern: string }> {
  const h: PartFileHeader = {
    format: PART_FORMAT,
    version: FILE_VERSION,
    ...header,
    verificationPattern: await verificationPattern(part),
  };
  const sealed = await sealWithPassword(password, part, partAad(h));
  return {
    file: JSON.stringify({ ...h, ...sealedJson(sealed) }, null, 2),
    verificationPattern: h.verificationPattern,
  };
}

/** Opens a part file: its header and the 32-byte part (the caller wipes it). */
export async function openPartFile(
  what: string,
  text: unknown,
  password: unknown,
): Promise<{ header: PartFileHeader; part: Bytes }> {
  const { json, sealed } = parse(what, text, PART_FORMAT);
  const { instanceId, custodianId, custodianName, createdAt, verificationPattern: vp } = json;
  if (
    !isText(instanceId) ||
    !isText(custodianId) ||
    !isText(custodianName) ||
    !isText(createdAt) ||
    !isText(vp)
  )
    throw invalidFile(
      what,
      'its header lacks a field (instanceId, custodianId, custodianName, createdAt, verificationPattern)',
    );
  const header: PartFileHeader = {
    format: PART_FORMAT,
    version: FILE_VERSION,
    instanceId,
    custodianId,
    custodianName,
    createdAt,
    verificationPattern: vp,
  };
  if (typeof password !== 'string' || password.length === 0)
    throw invalidFile(what, 'type its password');
  const part = await openWithPassword(password, sealed, partAad(header));
  if (!part) throw wrongPassword(what);
  if (part.length !== MASTER_KEY_PART_BYTES || (await verificationPattern(part)) !== vp) {
    part.fill(0);
    throw invalidFile(what, 'its part does not match its verification pattern');
  }
  return { header, part };
}

// ── Signature key files ───────────────────────────────────────────────────────────────────

export async function makeSignatureKeyFile(
  name: string,
  createdAt: string,
  publicKey: Bytes,
  privateKey: Bytes,
  password: string,
): Promise<{ file: string; adminId: string; publicKey: string }> {
  const h: SignatureKeyFileHeader = {
    format: SIGNATURE_KEY_FORMAT,
    version: FILE_VERSION,
    adminId: await adminIdOf(publicKey),
    name,
    createdAt,
    publicKey: encodeBase64(publicKey),
  };
  const sealed = await sealWithPassword(password, privateKey, signatureKeyAad(h));
  return {
    file: JSON.stringify({ ...h, ...sealedJson(sealed) }, null, 2),
    adminId: h.adminId,
    publicKey: h.publicKey,
  };
}

/** An administrator's id: the first 16 bytes of SHA-256 of the public key (SPKI), hex. */
export async function adminIdOf(publicKey: Bytes): Promise<string> {
  return (await sha256HexOf(publicKey)).slice(0, 32);
}

/** Reads a signature key file's header (public part) without its password. */
export async function readSignatureKeyHeader(
  what: string,
  text: unknown,
): Promise<{ header: SignatureKeyFileHeader; publicKey: Bytes; sealed: PasswordSealed }> {
  const { json, sealed } = parse(what, text, SIGNATURE_KEY_FORMAT);
  const { adminId, name, createdAt, publicKey } = json;
  if (
    !isText(adminId) ||
    !isText(name) ||
    !isText(createdAt) ||
    !isText(publicKey, 400) ||
    !isBase64(publicKey)
  )
    throw invalidFile(what, 'its header lacks a field (adminId, name, createdAt, publicKey)');
  const header: SignatureKeyFileHeader = {
    format: SIGNATURE_KEY_FORMAT,
    version: FILE_VERSION,
    adminId,
    name,
    createdAt,
    publicKey,
  };
  const spki = fromBase64(publicKey);
  if ((await adminIdOf(spki)) !== adminId)
    throw invalidFile(what, 'its administrator id does not match its public key');
  return { header, publicKey: spki, sealed };
}

/** Opens a signature key file: header and PKCS#8 private key (the caller wipes it). */
export async function openSignatureKeyFile(
  what: string,
  text: unknown,
  password: unknown,
): Promise<{ header: SignatureKeyFileHeader; privateKey: Bytes }> {
  const { header, publicKey, sealed } = await readSignatureKeyHeader(what, text);
  if (typeof password !== 'string' || password.length === 0)
    throw invalidFile(what, 'type its password');
  const privateKey = await openWithPassword(password, sealed, signatureKeyAad(header));
  if (!privateKey) throw wrongPassword(what);
  const derived = await publicKeyOfPkcs8(privateKey);
  if (!derived || encodeBase64(derived) !== encodeBase64(publicKey)) {
    privateKey.fill(0);
    throw invalidFile(what, 'its private key does not belong to its public key');
  }
  return { header, privateKey };
}
