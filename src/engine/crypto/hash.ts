/**
 * SHA-256 for the audit hash chain. Synchronous on purpose (@noble/hashes): the chain is extended
 * inside an IndexedDB transaction, and awaiting crypto.subtle there would close the transaction.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
