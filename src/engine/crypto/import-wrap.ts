/**
 * What a customer's own tool does for a secure import (SPEC section 6), for the "Bring your own
 * key" scenario: material encrypted with RSA-OAEP/SHA-256 under the import token's public key,
 * and the token's nonce sealed with AES-GCM under the material.
 */
import { encodeBase64 } from '../../domain/validation';
import { freshIv, importAesKey, type Bytes } from './aes-gcm';

function spkiOfPem(pem: string): Bytes {
  const b64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const binary = atob(b64);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

export async function wrapForImport(
  tokenPayloadBase64: string,
  nonceBase64: string,
  material: Bytes,
): Promise<{ payload: string; encryptedNonce: string; iv: string }> {
  const publicKey = await crypto.subtle.importKey(
    'spki',
    spkiOfPem(atob(tokenPayloadBase64)),
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['encrypt'],
  );
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, material),
  );
  const iv = freshIv();
  const nonce = Uint8Array.from(atob(nonceBase64), (c) => c.charCodeAt(0));
  const aes = await importAesKey(material, false);
  const encryptedNonce = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, nonce),
  );
  return {
    payload: encodeBase64(sealed),
    encryptedNonce: encodeBase64(encryptedNonce),
    iv: encodeBase64(iv),
  };
}
