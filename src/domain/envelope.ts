/**
 * The documented ciphertext envelope of wrap (docs/ciphertext-format.md). Pure byte layout: the
 * engine seals and opens it with AES-256-GCM; the console's inspector decodes its non-secret parts.
 *
 *   offset  size  field
 *   0       2     magic "KW" (0x4B 0x57)
 *   2       1     format version (1)
 *   3       1     algorithm (1 = AES-256-GCM)
 *   4       16    key id (UUID, 16 raw bytes)
 *   20      16    key version id (UUID, 16 raw bytes)
 *   36      12    IV (fresh, random, 96 bits)
 *   48      n+16  sealed DEK: AES-GCM ciphertext followed by the 128-bit tag
 *
 * GCM's additional data is the 48-byte header followed by the encoded caller AAD, so no header
 * field can be changed and no AAD item can be moved between positions without failing to open.
 */

export const ENVELOPE_MAGIC = [0x4b, 0x57] as const;
export const ENVELOPE_VERSION = 1;
export const ALGORITHM_AES_256_GCM = 1;
export const ENVELOPE_HEADER_LENGTH = 48;
export const GCM_IV_LENGTH = 12;
export const GCM_TAG_LENGTH = 16;

export interface EnvelopeHeader {
  formatVersion: number;
  algorithm: 'AES-256-GCM';
  keyId: string;
  keyVersionId: string;
  iv: Uint8Array;
}

export interface Envelope extends EnvelopeHeader {
  /** The header bytes, bound into the GCM additional data. */
  header: Uint8Array;
  sealed: Uint8Array;
}

const UUID_PATTERN =
  /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Raw bytes of the key ids and version ids seen: every wrap of a key encodes the same two. */
const uuidBytes = new Map<string, Uint8Array>();

export function uuidToBytes(uuid: string): Uint8Array {
  const known = uuidBytes.get(uuid);
  if (known) return known;
  const hex = uuid.replace(/-/g, '');
  if (hex.length !== 32 || !UUID_PATTERN.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  if (uuidBytes.size >= 10_000) uuidBytes.clear();
  uuidBytes.set(uuid, bytes);
  return bytes;
}

export function bytesToUuid(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i] ?? 0] ?? '';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function encodeEnvelopeHeader(
  keyId: string,
  keyVersionId: string,
  iv: Uint8Array,
): Uint8Array {
  if (iv.length !== GCM_IV_LENGTH) throw new Error('IV must be 96 bits');
  const header = new Uint8Array(ENVELOPE_HEADER_LENGTH);
  header.set(ENVELOPE_MAGIC, 0);
  header[2] = ENVELOPE_VERSION;
  header[3] = ALGORITHM_AES_256_GCM;
  header.set(uuidToBytes(keyId), 4);
  header.set(uuidToBytes(keyVersionId), 20);
  header.set(iv, 36);
  return header;
}

/** Decodes an envelope; returns undefined when the bytes are not a well-formed envelope. */
export function decodeEnvelope(bytes: Uint8Array): Envelope | undefined {
  if (bytes.length < ENVELOPE_HEADER_LENGTH + GCM_TAG_LENGTH) return undefined;
  if (bytes[0] !== ENVELOPE_MAGIC[0] || bytes[1] !== ENVELOPE_MAGIC[1]) return undefined;
  if (bytes[2] !== ENVELOPE_VERSION || bytes[3] !== ALGORITHM_AES_256_GCM) return undefined;
  return {
    formatVersion: ENVELOPE_VERSION,
    algorithm: 'AES-256-GCM',
    keyId: bytesToUuid(bytes.subarray(4, 20)),
    keyVersionId: bytesToUuid(bytes.subarray(20, 36)),
    iv: bytes.slice(36, 48),
    header: bytes.slice(0, ENVELOPE_HEADER_LENGTH),
    sealed: bytes.slice(ENVELOPE_HEADER_LENGTH),
  };
}

/**
 * Encodes the caller's AAD list unambiguously: a 4-byte big-endian count, then for each item a
 * 4-byte big-endian byte length and its UTF-8 bytes.
 */
const utf8 = new TextEncoder();

export function encodeAad(aad: readonly string[]): Uint8Array {
  if (aad.length === 0) return new Uint8Array(4);
  const parts = aad.map((s) => utf8.encode(s));
  const total = 4 + parts.reduce((n, p) => n + 4 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length);
  let at = 4;
  for (const p of parts) {
    view.setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
