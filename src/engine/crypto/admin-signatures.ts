/**
 * ECDSA P-256 with SHA-256 over bytes (ecdsa.ts signs text for audit digests): the signature keys of crypto unit administrators (SPEC section 11).
 * The engine makes a key pair, hands the private key out once as PKCS#8 bytes (to be sealed in a
 * password-protected file at once) and keeps only the public key (SPKI). Signatures are IEEE P1363
 * (r ‖ s, 64 bytes), WebCrypto's format.
 */
import type { Bytes } from './aes-gcm';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface SignatureKeyPair {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Bytes;
  /** PKCS#8 DER: the caller seals it and wipes this buffer. */
  privateKey: Bytes;
}

export async function generateSignatureKeyPair(): Promise<SignatureKeyPair> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  return {
    publicKey: new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)),
    privateKey: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

/** Signs with a PKCS#8 private key, imported non-extractable just for this signature. */
export async function signWithPkcs8(privateKey: Bytes, data: Bytes): Promise<Bytes | undefined> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('pkcs8', privateKey, ALGORITHM, false, ['sign']);
  } catch {
    return undefined;
  }
  return new Uint8Array(await crypto.subtle.sign(SIGN, key, data));
}

/** The public key (SPKI DER) that belongs to a PKCS#8 private key, or undefined. */
export async function publicKeyOfPkcs8(privateKey: Bytes): Promise<Bytes | undefined> {
  try {
    const key = await crypto.subtle.importKey('pkcs8', privateKey, ALGORITHM, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', key);
    const { d: _d, key_ops: _ops, ...publicJwk } = jwk;
    void _d;
    void _ops;
    const pub = await crypto.subtle.importKey('jwk', publicJwk, ALGORITHM, true, ['verify']);
    return new Uint8Array(await crypto.subtle.exportKey('spki', pub));
  } catch {
    return undefined;
  }
}

/** True when `signature` is a valid P1363 signature of `data` under the SPKI public key. */
export async function verifySignature(
  publicKey: Bytes,
  signature: Bytes,
  data: Bytes,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', publicKey, ALGORITHM, false, ['verify']);
    return await crypto.subtle.verify(SIGN, key, signature, data);
  } catch {
    return false;
  }
}
