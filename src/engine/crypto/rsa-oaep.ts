/**
 * RSA-OAEP (SHA-256, MGF1-SHA-256; for hpcs instances also SHA-1) for import tokens: the key pair
 * the engine makes per token, its public half as PEM for users' tools (openssl), and decryption of
 * imported material. The private key is kept non-extractable and never leaves the engine.
 */
import { encodeBase64 } from '../../domain/validation';
import type { Bytes } from './aes-gcm';

/** RSA modulus size, as Key Protect's import tokens use. Generation takes seconds: worker only. */
export const IMPORT_TOKEN_RSA_BITS = 4096;

export interface ImportKeyPair {
  /** RSA-OAEP with SHA-256, non-extractable. */
  privateKey: CryptoKey;
  /** The same private key for RSA-OAEP with SHA-1, non-extractable (only when asked for). */
  privateKeySha1?: CryptoKey;
  /** SubjectPublicKeyInfo, PEM ("-----BEGIN PUBLIC KEY-----"). */
  publicKeyPem: string;
}

/**
 * Makes a token's key pair. WebCrypto binds an RSA-OAEP key to one hash, so for SHA-1 as well
 * (`withSha1`) the private key is made extractable once, imported as two non-extractable keys
 * (SHA-256 and SHA-1), and its PKCS #8 bytes are wiped: only the two non-extractable keys remain.
 */
export async function generateImportKeyPair(withSha1 = false): Promise<ImportKeyPair> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSA-OAEP',
      modulusLength: IMPORT_TOKEN_RSA_BITS,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    withSha1, // non-extractable unless it must be re-imported for SHA-1 (a public key always is)
    ['encrypt', 'decrypt'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const publicKeyPem = toPem(spki);
  if (!withSha1) return { privateKey: pair.privateKey, publicKeyPem };
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  try {
    const as = (hash: 'SHA-256' | 'SHA-1') =>
      crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
    return { privateKey: await as('SHA-256'), privateKeySha1: await as('SHA-1'), publicKeyPem };
  } finally {
    pkcs8.fill(0);
  }
}

function toPem(spki: Uint8Array): string {
  const lines = encodeBase64(spki).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** Decrypts with the token's private key; undefined when it does not decrypt. */
export async function rsaOaepDecrypt(
  privateKey: CryptoKey,
  data: Bytes,
): Promise<Bytes | undefined> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, data));
  } catch {
    return undefined;
  }
}
