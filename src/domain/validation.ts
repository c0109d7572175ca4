/**
 * Input rules of SPEC.md section 3: names, descriptions, aliases, key ring ids, base64 payloads,
 * dates and page sizes. Each check throws `400 INVALID_FIELD_ERR` with a message that says what is
 * wrong and how to fix it, so forms can show the engine's own words.
 */
import { EngineError, invalidField } from './errors';

export const LIMITS = {
  nameMin: 2,
  nameMax: 90,
  descriptionMin: 2,
  descriptionMax: 240,
  aliasMin: 2,
  aliasMax: 90,
  aliasesPerKey: 5,
  aliasesPerInstance: 1000,
  keyRingIdMin: 2,
  keyRingIdMax: 100,
  pageSizeDefault: 200,
  pageSizeMax: 5000,
  wrapPlaintextMax: 7500,
  aadItemMax: 255,
  /** Items in one batch call (createKeys, batch wrap, unwrap and rewrap). */
  batchMax: 1000,
} as const;

export const RESERVED_ALIASES: ReadonlySet<string> = new Set([
  'allowed_ip',
  'key',
  'keys',
  'metadata',
  'policy',
  'policies',
  'registration',
  'registrations',
  'ring',
  'rings',
  'rotate',
  'wrap',
  'unwrap',
  'rewrap',
  'version',
  'versions',
]);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALIAS_RE = /^[A-Za-z0-9_-]+$/;
const KEY_RING_RE = /^[A-Za-z0-9-]+$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Characters that change how text displays without being seen: C0 and C1 controls, DEL, and
 * Unicode's bidirectional controls (U+061C, U+200E–F, U+202A–E, U+2066–9), which can make a key
 * name read as another one ("Trojan Source", CVE-2021-42574). Refused in every name and
 * description a user types.
 */
const INVISIBLE_CONTROL_RE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The problem with text holding control or bidirectional characters, or undefined. */
export function controlCharacterProblem(value: string): string | undefined {
  const found = INVISIBLE_CONTROL_RE.exec(value);
  if (!found) return undefined;
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `remove the invisible control character U+${code} (line breaks, tabs and text-direction marks are not allowed)`;
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Returns the problem with a key name, or undefined when it is valid. */
export function keyNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'a name is required';
  if (name.trim().length === 0) return 'a name is required';
  if (name.length < LIMITS.nameMin || name.length > LIMITS.nameMax)
    return `use ${LIMITS.nameMin}–${LIMITS.nameMax} characters (this has ${name.length})`;
  return controlCharacterProblem(name);
}

export function descriptionProblem(description: unknown): string | undefined {
  if (description === undefined) return undefined;
  if (typeof description !== 'string') return 'the description must be text';
  if (description.length < LIMITS.descriptionMin || description.length > LIMITS.descriptionMax)
    return `use ${LIMITS.descriptionMin}–${LIMITS.descriptionMax} characters (this has ${description.length})`;
  return controlCharacterProblem(description);
}

export function aliasProblem(alias: unknown): string | undefined {
  if (typeof alias !== 'string' || alias.length === 0) return 'an alias is required';
  if (alias.length < LIMITS.aliasMin || alias.length > LIMITS.aliasMax)
    return `use ${LIMITS.aliasMin}–${LIMITS.aliasMax} characters (this has ${alias.length})`;
  if (!ALIAS_RE.test(alias)) return 'use only letters, digits, "_" and "-"';
  if (isUuid(alias)) return 'an alias cannot have the form of a key id (UUID)';
  if (RESERVED_ALIASES.has(alias.toLowerCase())) return `"${alias}" is a reserved word`;
  return undefined;
}

export function keyRingIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return 'a key ring id is required';
  if (id.length < LIMITS.keyRingIdMin || id.length > LIMITS.keyRingIdMax)
    return `use ${LIMITS.keyRingIdMin}–${LIMITS.keyRingIdMax} characters (this has ${id.length})`;
  if (!KEY_RING_RE.test(id)) return 'use only letters, digits and "-"';
  return undefined;
}

/** Throws 400 INVALID_FIELD_ERR for the first problem found. */
export function check(field: string, problem: string | undefined): void {
  if (problem !== undefined) throw invalidField(field, problem);
}

export function isBase64(value: string): boolean {
  return BASE64_RE.test(value);
}

/** Decodes strict base64 (padding required, no whitespace) or throws 400 INVALID_FIELD_ERR. */
export function decodeBase64(field: string, value: unknown): Uint8Array {
  if (typeof value !== 'string' || !isBase64(value))
    throw invalidField(field, 'must be valid base64 (A–Z, a–z, 0–9, "+", "/", "=" padding)');
  if (nativeBase64.fromBase64) return nativeBase64.fromBase64(value);
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The platform's own base64 (`Uint8Array.fromBase64` / `toBase64`, in current browsers; not in
 * Node 20), used where present: per wrap it is the larger part of the encoding's cost. The strict
 * check above runs first either way, and both give what atob/btoa give.
 */
const nativeBase64 = Uint8Array as unknown as {
  fromBase64?: (text: string) => Uint8Array;
  prototype: { toBase64?: () => string };
};

export function encodeBase64(bytes: Uint8Array): string {
  if (nativeBase64.prototype.toBase64)
    return (bytes as unknown as { toBase64: () => string }).toBase64();
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    // apply takes the typed array as it is; a spread would walk it through the iterator protocol.
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as number[]);
  }
  return btoa(binary);
}

/** Why a date that must lie after now is wrong: its form, its value, or that it is not later. */
export interface FutureDateProblem {
  reason: 'not-iso-8601' | 'not-a-date' | 'not-in-the-future';
  text: string;
}

/**
 * What is wrong with a date that must lie after `now` (an ISO 8601 string), or undefined when it
 * is right: the one rule the engine applies (parseFutureDate) and forms check as the user types.
 */
export function futureDateProblem(value: unknown, now: number): FutureDateProblem | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value))
    return {
      reason: 'not-iso-8601',
      text: 'must be an ISO 8601 date such as 2030-01-31T00:00:00Z',
    };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { reason: 'not-a-date', text: `"${value}" is not a valid date` };
  if (ms <= now) return { reason: 'not-in-the-future', text: 'must be in the future' };
  return undefined;
}

/** Parses an ISO 8601 date that must lie after `now` (futureDateProblem); returns epoch milliseconds. */
export function parseFutureDate(field: string, value: unknown, now: number): number {
  const problem = futureDateProblem(value, now);
  if (problem) throw invalidField(field, problem.text);
  return Date.parse(value as string);
}

export function checkPage(offset: unknown, limit: unknown): { offset: number; limit: number } {
  const o = offset ?? 0;
  const l = limit ?? LIMITS.pageSizeDefault;
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0)
    throw invalidField('offset', 'must be a whole number of 0 or more');
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > LIMITS.pageSizeMax)
    throw invalidField('limit', `must be a whole number from 1 to ${LIMITS.pageSizeMax}`);
  return { offset: o, limit: l };
}

/** One page of `items` (Key Protect's limit and offset), or all of them when no page is asked. */
export function pageOf<T>(
  items: T[],
  page: { offset?: unknown; limit?: unknown } | undefined,
): T[] {
  if (page === undefined) return items;
  if (typeof page !== 'object' || page === null) throw invalidField('page', 'give {limit, offset}');
  const { offset, limit } = checkPage(page.offset, page.limit);
  return items.slice(offset, offset + limit);
}

export function checkAad(aad: unknown): string[] {
  if (aad === undefined) return [];
  if (!Array.isArray(aad)) throw invalidField('aad', 'must be a list of strings');
  aad.forEach((item: unknown, i) => {
    if (typeof item !== 'string') throw invalidField(`aad[${i}]`, 'must be a string');
    if (item.length > LIMITS.aadItemMax)
      throw invalidField(`aad[${i}]`, `use at most ${LIMITS.aadItemMax} characters`);
    // A lone surrogate has no UTF-8 form (it encodes as U+FFFD), so two different AAD items
    // would bind a ciphertext alike: refuse it.
    if (/\p{Cs}/u.test(item)) throw invalidField(`aad[${i}]`, 'must be well-formed Unicode text');
  });
  return aad as string[];
}

export function requireString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidField(field, 'is required');
  return value;
}

export { EngineError };
