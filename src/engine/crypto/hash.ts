/**
 * SHA-256 for the audit hash chain. Synchronous on purpose (@noble/hashes): the chain is extended
 * inside an IndexedDB transaction, and awaiting crypto.subtle there would close the transaction.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();
/** The UTF-8 of the text being hashed, reused from one hash to the next (never handed out). */
let scratch = new Uint8Array(4096);

/**
 * The hex SHA-256 of `text`'s UTF-8. Why not noble's `utf8ToBytes`: it makes a TextEncoder and
 * two copies of the bytes on every call, as costly as the hash itself for an event's few hundred
 * bytes; here one encoder writes into one buffer (at most 3 bytes per UTF-16 unit).
 */
export function sha256Hex(text: string): string {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return bytesToHex(sha256(scratch.subarray(0, written)));
}
