/**
 * ECDSA P-256 (SHA-256) for signed audit digests: the engine's signing key pair, made once with a
 * non-extractable private key, its public key as SPKI for auditors, signing and verifying.
 * Signatures are IEEE P1363 (r‖s, 64 bytes), as WebCrypto makes them; Node's crypto verifies them
 * with `dsaEncoding: 'ieee-p1363'` (docs/audit-digest.md).
 */
import { decodeBase64, encodeBase64 } from '../../domain/validation';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface SigningKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** SubjectPublicKeyInfo, base64. */
  publicKeySpki: string;
}

export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicKeySpki: encodeBase64(spki),
  };
}

export async function signText(privateKey: CryptoKey, text: string): Promise<string> {
  const signature = await crypto.subtle.sign(SIGN, privateKey, new TextEncoder().encode(text));
  return encodeBase64(new Uint8Array(signature));
}

/** True when `signature` (base64) is a valid signature of `text` under `publicKeySpki`. */
export async function verifyText(
  publicKeySpki: string,
  text: string,
  signature: string,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey(
      'spki',
      decodeBase64('publicKey', publicKeySpki) as Uint8Array<ArrayBuffer>,
      ALGORITHM,
      false,
      ['verify'],
    );
    return await crypto.subtle.verify(
      SIGN,
      key,
      decodeBase64('signature', signature) as Uint8Array<ArrayBuffer>,
      new TextEncoder().encode(text),
    );
  } catch {
    return false;
  }
}
