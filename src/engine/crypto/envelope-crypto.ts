/**
 * Seals and opens the documented wrap envelope (src/domain/envelope.ts) with AES-256-GCM.
 */
import {
  concatBytes,
  decodeEnvelope,
  encodeAad,
  encodeEnvelopeHeader,
  type Envelope,
} from '../../domain/envelope';
import { aesGcmDecrypt, aesGcmEncrypt, freshIv, type Bytes } from './aes-gcm';

export async function sealEnvelope(
  rootKey: CryptoKey,
  keyId: string,
  keyVersionId: string,
  dek: Bytes,
  aad: readonly string[],
): Promise<Uint8Array> {
  const iv = freshIv();
  const header = encodeEnvelopeHeader(keyId, keyVersionId, iv);
  const additional = concatBytes(header, encodeAad(aad)) as Bytes;
  const sealed = await aesGcmEncrypt(rootKey, iv, dek, additional);
  return concatBytes(header, sealed);
}

/** Opens an envelope; undefined when it does not verify. */
export async function openEnvelope(
  rootKey: CryptoKey,
  envelope: Envelope,
  aad: readonly string[],
): Promise<Uint8Array | undefined> {
  const additional = concatBytes(envelope.header, encodeAad(aad)) as Bytes;
  return aesGcmDecrypt(rootKey, envelope.iv as Bytes, envelope.sealed as Bytes, additional);
}

export { decodeEnvelope };
