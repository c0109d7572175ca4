/**
 * Bring your own key (SPEC.md section 6): turns an import or rotate request into key material.
 * A plain import is a base64 payload; a secure import is a payload encrypted with RSA-OAEP/SHA-256
 * (an hpcs instance: or SHA-1) under the instance's import token, plus the token's nonce AES-GCM-encrypted under the material
 * (proving the sender holds both the material and a fresh token). All crypto here runs before the
 * operation's transaction; `confirmInTransaction` re-checks what may have changed meanwhile (the
 * token, the instance's key create and import policy).
 */
import { EngineError, engineError, invalidField } from '../../domain/errors';
import { createImportAccessOf, readInstancePolicies } from '../../domain/instance-policies';
import type { InstancePolicies } from '../../domain/types';
import {
  IMPORT_IV_LENGTH,
  importAlgorithmsFor,
  materialLengthProblem,
} from '../../domain/import-rules';
import { decodeBase64 } from '../../domain/validation';
import { aesGcmDecryptWithMaterial, type Bytes } from '../crypto/aes-gcm';
import { generateMaterial } from '../crypto/key-material';
import { rsaOaepDecrypt } from '../crypto/rsa-oaep';
import type { Store } from '../store/database';
import type { StoreTx } from '../store/store-tx';

export interface MaterialRequest {
  payload?: unknown;
  encryptedNonce?: unknown;
  iv?: unknown;
  encryptionAlgorithm?: unknown;
}

export interface PreparedMaterial {
  material: Bytes;
  imported: boolean;
  /** Came through the import token (secure import). */
  secure: boolean;
  /** The token used, by its creation time: it must still be the instance's token at commit. */
  tokenCreatedAt?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Key Protect's answer for a token past its expiration (reading it, or importing with it). */
export function importTokenExpired(expirationDate: number): EngineError {
  return engineError(
    'IMPORT_TOKEN_EXPIRED_ERR',
    `The import token expired at ${iso(expirationDate)}: create a new token, then encrypt the key material and nonce under it again.`,
  );
}

function createImportAccessRefused(message: string): EngineError {
  return engineError('KEY_CREATE_IMPORT_ACCESS_ERR', message);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * The material a create or rotate request brings, checked: generated when there is no payload,
 * else decoded (plain) or decrypted and nonce-checked (secure). Throws 400 with the reason.
 */
export async function prepareMaterial(
  store: Store,
  instance: { id: string; kind: 'kms' | 'hpcs' | 'cos' },
  req: MaterialRequest,
  extractable: boolean,
  now: number,
): Promise<PreparedMaterial> {
  const secure =
    req.encryptedNonce !== undefined ||
    req.iv !== undefined ||
    req.encryptionAlgorithm !== undefined;
  if (req.payload === undefined) {
    if (secure)
      throw invalidField(
        'payload',
        'encryptedNonce, iv and encryptionAlgorithm belong to a secure import: give the encrypted key material as payload too',
      );
    return { material: generateMaterial(), imported: false, secure: false };
  }
  if (!secure) {
    const material = decodeBase64('payload', req.payload) as Bytes;
    const problem = materialLengthProblem(material.length, extractable);
    if (problem) throw invalidField('payload', problem);
    return { material, imported: true, secure: false };
  }

  if (extractable)
    throw invalidField(
      'encryptedNonce',
      'an import token is for root keys; import a standard key as a plain base64 payload',
    );
  const algorithms = importAlgorithmsFor(instance.kind);
  const algorithm = algorithms.find((a) => a === req.encryptionAlgorithm);
  if (!algorithm)
    throw invalidField(
      'encryptionAlgorithm',
      algorithms.length > 1
        ? `must be "RSAES_OAEP_SHA_256" or "RSAES_OAEP_SHA_1" (RSA-OAEP with SHA-256 or SHA-1), the algorithm the payload is encrypted with`
        : `must be "RSAES_OAEP_SHA_256" (RSA-OAEP with SHA-256), the algorithm the payload is encrypted with${req.encryptionAlgorithm === 'RSAES_OAEP_SHA_1' ? '; RSAES_OAEP_SHA_1 is accepted by Hyper Protect Crypto Services instances only' : ''}`,
    );
  if (req.encryptedNonce === undefined)
    throw invalidField('encryptedNonce', "a secure import needs the token's nonce, encrypted");
  if (req.iv === undefined)
    throw invalidField('iv', 'a secure import needs the IV of encryptedNonce');
  const payload = decodeBase64('payload', req.payload) as Bytes;
  const encryptedNonce = decodeBase64('encryptedNonce', req.encryptedNonce) as Bytes;
  const iv = decodeBase64('iv', req.iv) as Bytes;
  if (iv.length !== IMPORT_IV_LENGTH)
    throw invalidField(
      'iv',
      `must be ${IMPORT_IV_LENGTH} bytes (a 96-bit GCM IV); this is ${iv.length}`,
    );

  const token = await store.read((tx) => tx.getImportToken(instance.id));
  if (!token)
    throw invalidField(
      'importToken',
      'this instance has no import token: create one, encrypt the key material under its public key, then import',
    );
  if (now >= token.expirationDate || !token.privateKey)
    throw importTokenExpired(token.expirationDate);
  const sha1 = algorithm === 'RSAES_OAEP_SHA_1';
  const privateKey = sha1 ? token.privateKeySha1 : token.privateKey;
  if (!privateKey)
    throw invalidField(
      'importToken',
      'this import token was made before RSAES_OAEP_SHA_1 was accepted: create a new token, or encrypt with RSAES_OAEP_SHA_256',
    );
  const material = await rsaOaepDecrypt(privateKey, payload);
  if (!material)
    throw invalidField(
      'payload',
      `it does not decrypt with the current import token's private key: encrypt the key material with RSA-OAEP/${sha1 ? 'SHA-1' : 'SHA-256'} under the public key of the latest token (a new token replaces the old one)`,
    );
  const problem = materialLengthProblem(material.length, false);
  if (problem) {
    material.fill(0);
    throw invalidField('payload', `decrypted, but ${problem}`);
  }
  const nonce = await aesGcmDecryptWithMaterial(material, iv, encryptedNonce);
  if (!nonce) {
    material.fill(0);
    throw engineError(
      'INCORRECT_NONCE_IV_ERR',
      'The encrypted nonce was not encrypted with the key material given, or the iv does not match it: AES-GCM-encrypt the nonce under this key material with this iv (ciphertext followed by the 16-byte tag).',
    );
  }
  if (!bytesEqual(nonce, token.nonce)) {
    material.fill(0);
    nonce.fill(0);
    throw engineError(
      'INCORRECT_NONCE_ERR',
      "The encrypted nonce does not match the import token's: read the current token again and encrypt its nonce (a new token has a new nonce).",
    );
  }
  return { material, imported: true, secure: true, tokenCreatedAt: token.creationDate };
}

/**
 * The instance's policies as stored (defaults when never set; the shape before issue 13
 * converted), read inside a transaction.
 */
export async function instancePoliciesIn(
  tx: StoreTx,
  instanceId: string,
): Promise<InstancePolicies> {
  return readInstancePolicies((await tx.getInstanceRecord(instanceId))?.policies);
}

/**
 * Inside the operation's transaction: the token used is still the instance's token, and the
 * instance's key create and import policy allows this. Returns the instance's policies.
 */
export async function confirmInTransaction(
  tx: StoreTx,
  instanceId: string,
  prepared: PreparedMaterial,
  what: { extractable: boolean; rotation: boolean },
): Promise<InstancePolicies> {
  if (prepared.tokenCreatedAt !== undefined) {
    const token = await tx.getImportToken(instanceId);
    if (token?.creationDate !== prepared.tokenCreatedAt)
      throw invalidField(
        'importToken',
        'the import token was replaced while importing: encrypt the material under the new token',
      );
  }
  const policies = await instancePoliciesIn(tx, instanceId);
  requireCreateImportAccess(policies, prepared, what);
  return policies;
}

/** The instance's keyCreateImportAccess rules for `prepared` material (SPEC section 6). */
export function requireCreateImportAccess(
  policies: InstancePolicies,
  prepared: PreparedMaterial,
  what: { extractable: boolean; rotation: boolean },
): void {
  // A disabled policy restricts nothing (Key Protect keeps no attributes for it).
  const access = createImportAccessOf(policies);
  const kind = what.extractable ? 'standard' : 'root';
  if (!what.rotation) {
    const flag = prepared.imported
      ? what.extractable
        ? 'import_standard_key'
        : 'import_root_key'
      : what.extractable
        ? 'create_standard_key'
        : 'create_root_key';
    if (!access[flag])
      throw createImportAccessRefused(
        `This instance's key create and import policy does not allow ${prepared.imported ? 'importing' : 'creating'} ${kind} keys (${flag} is off). A Manager can change it in Settings.`,
      );
  }
  if (prepared.imported && !prepared.secure && access.enforce_token)
    throw createImportAccessRefused(
      `This instance's policy requires an import token (enforce_token is on): plain ${what.rotation ? 'material for rotation' : 'import'} is refused. Import through an import token, or ask a Manager to switch enforce_token off in Settings.`,
    );
}

/**
 * New material for rotating a root key: imported keys must bring it (same routes and rules as
 * import), generated keys must not (the engine makes theirs).
 */
export async function prepareRotationMaterial(
  store: Store,
  instance: { id: string; kind: 'kms' | 'hpcs' | 'cos' },
  key: { name: string; imported: boolean },
  req: MaterialRequest | undefined,
  now: number,
): Promise<PreparedMaterial> {
  const request = req ?? {};
  if (typeof request !== 'object' || request === null)
    throw invalidField('body', 'a rotate request is an object');
  if (key.imported && request.payload === undefined)
    throw engineError(
      'KEY_PAYLOAD_REQ_ERR',
      `"${key.name}" was created with user-supplied key material: rotate it by supplying new key material as payload (plain or through an import token).`,
    );
  if (!key.imported && Object.values(request).some((v) => v !== undefined))
    throw invalidField(
      'payload',
      `"${key.name}" was generated by Keyward: it is rotated with new generated material, so give no payload`,
    );
  return prepareMaterial(store, instance, request, false, now);
}
