/**
 * Seals and opens the documented wrap envelope (src/domain/envelope.ts) with AES-256-GCM.
 */
import {
  ALGORITHM_AES_256_GCM,
  bytesToUuid,
  concatBytes,
  decodeEnvelope,
  ENVELOPE_HEADER_LENGTH,
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  encodeAad,
  encodeEnvelopeHeader,
  GCM_TAG_LENGTH,
  uuidToBytes,
  type Envelope,
} from '../../domain/envelope';
import { aesGcmDecrypt, aesGcmEncrypt, freshIv, type Bytes } from './aes-gcm';

/**
 * Seals `dek` into an envelope. Why the byte work is done by hand: on a batch of 1,000 wraps the
 * copies (header, header ‖ AAD, header ‖ sealed) and their garbage cost as much as the AES-GCM
 * itself, so the header is written once into the additional data and once into the output.
 */
export async function sealEnvelope(
  rootKey: CryptoKey,
  keyId: string,
  keyVersionId: string,
  dek: Bytes,
  aad: readonly string[],
): Promise<Uint8Array> {
  const iv = freshIv();
  const additional = withHeader(encodeEnvelopeHeader(keyId, keyVersionId, iv), aad);
  const sealed = await aesGcmEncrypt(rootKey, iv, dek, additional);
  const out = new Uint8Array(ENVELOPE_HEADER_LENGTH + sealed.length);
  out.set(additional.subarray(0, ENVELOPE_HEADER_LENGTH), 0);
  out.set(sealed, ENVELOPE_HEADER_LENGTH);
  return out;
}

/** Opens an envelope; undefined when it does not verify. */
export async function openEnvelope(
  rootKey: CryptoKey,
  envelope: Envelope,
  aad: readonly string[],
): Promise<Uint8Array | undefined> {
  const additional = withHeader(envelope.header, aad);
  return aesGcmDecrypt(rootKey, envelope.iv as Bytes, envelope.sealed as Bytes, additional);
}

/** GCM's additional data: the header, then the encoded AAD (an empty list is 4 zero bytes). */
function withHeader(header: Uint8Array, aad: readonly string[]): Bytes {
  if (aad.length === 0) {
    const out = new Uint8Array(header.length + 4);
    out.set(header, 0);
    return out;
  }
  return concatBytes(header, encodeAad(aad)) as Bytes;
}

export { decodeEnvelope };

const ZERO_IV = new Uint8Array(12);

/**
 * The envelopes of one key version, for wrap, unwrap and rewrap (single calls and batch items):
 * what every envelope of the version shares (its first 36 bytes: magic, format, algorithm, key
 * id, version id) is encoded once, when the version is loaded (the key cache keeps one per
 * version), and each envelope is one WebCrypto call and one continuation.
 *
 * Why not `sealEnvelope`/`openEnvelope` there: per call, the layers of async functions (each an
 * await and a promise), the header re-encoded and the envelope decoded into strings and copies
 * cost about as much as the AES-GCM itself.
 */
export class VersionEnvelopes {
  private readonly prefix: Uint8Array;

  constructor(
    private readonly rootKey: CryptoKey,
    keyId: string,
    readonly versionId: string,
  ) {
    this.prefix = encodeEnvelopeHeader(keyId, versionId, ZERO_IV).slice(0, PREFIX_LENGTH);
  }

  /** Seals `dek` (with the caller's AAD) into a new envelope, as `sealEnvelope` does. */
  seal(dek: Bytes, aad: readonly string[]): Promise<Uint8Array> {
    const additional = additionalData(aad);
    additional.set(this.prefix, 0);
    const iv = freshIv();
    additional.set(iv, PREFIX_LENGTH);
    return crypto.subtle
      .encrypt({ name: 'AES-GCM', iv, additionalData: additional }, this.rootKey, dek)
      .then((sealed) => {
        const out = new Uint8Array(ENVELOPE_HEADER_LENGTH + sealed.byteLength);
        out.set(additional.subarray(0, ENVELOPE_HEADER_LENGTH), 0);
        out.set(new Uint8Array(sealed), ENVELOPE_HEADER_LENGTH);
        return out;
      });
  }

  /**
   * Opens an envelope this version made (`versionOf(bytes)` named it); undefined when it does not
   * verify, as `openEnvelope` answers.
   */
  open(bytes: Uint8Array, aad: readonly string[]): Promise<Bytes | undefined> {
    const additional = additionalData(aad);
    additional.set(bytes.subarray(0, ENVELOPE_HEADER_LENGTH), 0);
    return crypto.subtle
      .decrypt(
        {
          name: 'AES-GCM',
          iv: bytes.subarray(PREFIX_LENGTH, ENVELOPE_HEADER_LENGTH) as Bytes,
          additionalData: additional,
        },
        this.rootKey,
        bytes.subarray(ENVELOPE_HEADER_LENGTH) as Bytes,
      )
      .then(
        (dek) => new Uint8Array(dek),
        () => undefined,
      );
  }
}

/** Magic, format, algorithm, key id and version id: the part of the header before the IV. */
const PREFIX_LENGTH = 36;

/**
 * Where an envelope's bytes name `keyId` (its canonical lowercase form): the version id they
 * name; undefined when they are not a well-formed envelope or name another key. Exactly what
 * `decodeEnvelope` and a comparison of its key id with `keyId` decide, without decoding the ids
 * into text for every item: the key id is compared as bytes, and the version id is decoded only
 * when it is not `knownVersionId` (the key's current version, which most envelopes name).
 */
export function envelopeVersionOf(
  bytes: Uint8Array,
  keyId: string,
  knownVersionId: string,
): string | undefined {
  if (bytes.length < ENVELOPE_HEADER_LENGTH + GCM_TAG_LENGTH) return undefined;
  if (bytes[0] !== ENVELOPE_MAGIC[0] || bytes[1] !== ENVELOPE_MAGIC[1]) return undefined;
  if (bytes[2] !== ENVELOPE_VERSION || bytes[3] !== ALGORITHM_AES_256_GCM) return undefined;
  if (!CANONICAL_UUID.test(keyId) || !CANONICAL_UUID.test(knownVersionId)) {
    // Ids not in the form the envelope decodes to: compare as text, as `decodeEnvelope` would.
    const decoded = decodeEnvelope(bytes);
    return decoded?.keyId === keyId ? decoded.keyVersionId : undefined;
  }
  if (!sameBytes(bytes, 4, uuidToBytes(keyId))) return undefined;
  if (sameBytes(bytes, 20, uuidToBytes(knownVersionId))) return knownVersionId;
  return bytesToUuid(bytes.subarray(20, 36));
}

/** How `bytesToUuid` writes an id: lowercase hex with dashes. */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sameBytes(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/** GCM's additional data with room for the header: the header's 48 bytes, then the encoded AAD. */
function additionalData(aad: readonly string[]): Bytes {
  if (aad.length === 0) return new Uint8Array(ENVELOPE_HEADER_LENGTH + 4);
  const encoded = encodeAad(aad);
  const out = new Uint8Array(ENVELOPE_HEADER_LENGTH + encoded.length);
  out.set(encoded, ENVELOPE_HEADER_LENGTH);
  return out;
}
