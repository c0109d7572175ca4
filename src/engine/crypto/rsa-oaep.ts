/**
 * RSA-OAEP (SHA-256, MGF1-SHA-256) for import tokens: the key pair the engine makes per token, its
 * public half as PEM for users' tools (openssl), and decryption of imported material. The private
 * key is made non-extractable and never leaves the engine.
 */
import { encodeBase64 } from '../../domain/validation';
import type { Bytes } from './aes-gcm';

/** RSA modulus size, as Key Protect's import tokens use. Generation takes seconds: worker only. */
export const IMPORT_TOKEN_RSA_BITS = 4096;

export interface ImportKeyPair {
  privateKey: CryptoKey;
  /** SubjectPublicKeyInfo, PEM ("-----BEGIN PUBLIC KEY-----"). */
  publicKeyPem: string;
}

export async function generateImportKeyPair(): Promise<ImportKeyPair> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSA-OAEP',
      modulusLength: IMPORT_TOKEN_RSA_BITS,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false, // the private key: non-extractable (a public key is always exportable)
    ['encrypt', 'decrypt'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, publicKeyPem: toPem(spki) };
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
