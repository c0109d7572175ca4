/**
 * The import form's state and its checks, as plain data: which route (plain or through an import
 * token), what the user pasted or uploaded, and the request it makes, or what is wrong with it.
 */
import type { ImportEncryptionAlgorithm } from '../../../../domain/api';
import { IMPORT_IV_LENGTH, materialLengthProblem } from '../../../../domain/import-rules';
import { isBase64 } from '../../../../domain/validation';

export type ImportRoute = 'secure' | 'plain';

export interface MaterialDraft {
  route: ImportRoute;
  /** Plain route: the key material, base64. */
  plain: string;
  /** Secure route: the three results of the commands. */
  payload: string;
  encryptedNonce: string;
  iv: string;
}

export interface MaterialRequest {
  payload: string;
  encryptedNonce?: string;
  iv?: string;
  encryptionAlgorithm?: ImportEncryptionAlgorithm;
}

export const EMPTY_DRAFT: MaterialDraft = {
  route: 'secure',
  plain: '',
  payload: '',
  encryptedNonce: '',
  iv: '',
};

export type DraftProblems = Partial<Record<'plain' | 'payload' | 'encryptedNonce' | 'iv', string>>;

/** Whitespace (line breaks of pasted or downloaded base64) is not part of the value. */
const clean = (value: string) => value.replace(/\s+/g, '');

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

function base64Problem(value: string, what: string): string | undefined {
  if (value === '') return `Paste or upload ${what}.`;
  if (!isBase64(value))
    return `${what[0]?.toUpperCase()}${what.slice(1)} must be base64 (A–Z, a–z, 0–9, "+", "/", "=" padding).`;
  return undefined;
}

/** What is wrong with each field, for the route in use (empty object: nothing). */
export function draftProblems(draft: MaterialDraft, extractable: boolean): DraftProblems {
  if (draft.route === 'plain') {
    const plain = clean(draft.plain);
    const problem = base64Problem(plain, 'the key material');
    if (problem) return { plain: problem };
    const length = materialLengthProblem(decodedLength(plain), extractable);
    return length ? { plain: `The ${length.replace(/^a /, '')}.` } : {};
  }
  const problems: DraftProblems = {};
  const payload = base64Problem(clean(draft.payload), 'the encrypted key material (payload)');
  if (payload) problems.payload = payload;
  const nonce = base64Problem(clean(draft.encryptedNonce), 'the encrypted nonce');
  if (nonce) problems.encryptedNonce = nonce;
  const iv = clean(draft.iv);
  const ivProblem = base64Problem(iv, 'the IV');
  if (ivProblem) problems.iv = ivProblem;
  else if (decodedLength(iv) !== IMPORT_IV_LENGTH)
    problems.iv = `The IV must be ${IMPORT_IV_LENGTH} bytes; this is ${decodedLength(iv)}.`;
  return problems;
}

export function draftRequest(draft: MaterialDraft): MaterialRequest {
  if (draft.route === 'plain') return { payload: clean(draft.plain) };
  return {
    payload: clean(draft.payload),
    encryptedNonce: clean(draft.encryptedNonce),
    iv: clean(draft.iv),
    encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
  };
}

/** The draft as it applies: a standard key always travels plain (tokens are for root keys). */
export function effectiveDraft(draft: MaterialDraft, extractable: boolean): MaterialDraft {
  return extractable ? { ...draft, route: 'plain' } : draft;
}
