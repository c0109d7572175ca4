/**
 * Signed digest files (SPEC section 12, after CloudTrail's digest files): what "Download signed
 * digest" writes and what "Verify against digests" reads back. A file holds one digest as the
 * engine signed it; the engine checks the signature and the chain, this module only says whether
 * a file is a digest at all, in words a person can act on. Pure, so it is unit-tested under Node.
 */
import type { EventsDigest } from '../../domain/types';

/** `keyward-digest-000042-20260501T093000Z.json`: its head event and when it was signed. */
export function digestFileName(digest: Pick<EventsDigest, 'seq' | 'time'>): string {
  const stamp = digest.time.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `keyward-digest-${String(digest.seq).padStart(6, '0')}-${stamp}.json`;
}

export function digestToFile(digest: EventsDigest): string {
  return `${JSON.stringify(digest, null, 2)}\n`;
}

export type ParsedDigest =
  | { ok: true; fileName: string; digest: EventsDigest }
  | { ok: false; fileName: string; problem: string };

const FIELDS = ['format', 'version', 'accountId', 'seq', 'hash', 'time', 'publicKey', 'signature'];

/** Reads one file's text as a digest, or says why it is not one. */
export function parseDigestFile(fileName: string, text: string): ParsedDigest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      fileName,
      problem: 'is not JSON: choose a file saved by “Download signed digest”',
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, fileName, problem: 'is not a Keyward audit digest' };
  const record = value as Record<string, unknown>;
  if (record.format !== 'keyward-audit-digest' || record.version !== 1)
    return { ok: false, fileName, problem: 'is not a Keyward audit digest (format, version 1)' };
  const missing = FIELDS.filter((f) => record[f] === undefined);
  if (missing.length > 0)
    return {
      ok: false,
      fileName,
      problem: `lacks ${missing.join(', ')}: it is not a whole digest`,
    };
  // Only the digest's own fields go to the engine (which refuses unknown ones).
  const digest = Object.fromEntries(FIELDS.map((f) => [f, record[f]])) as unknown as EventsDigest;
  return { ok: true, fileName, digest };
}
