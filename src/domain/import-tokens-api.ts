/**
 * The import token part of the engine's API (bring your own key, SPEC section 6). Composed into
 * `KeywardApi` in api.ts.
 */
import type { CallContext } from './api-common';

export interface CreateImportTokenRequest {
  /** Seconds the token stays valid: 300–86,400, default 600. */
  expiration?: number;
  /** How often the token may be read: 1–500, default 1. */
  maxAllowedRetrievals?: number;
}

/** An import token's metadata (never its keys). */
export interface ImportTokenMetadata {
  creationDate: string;
  expirationDate: string;
  maxAllowedRetrievals: number;
  remainingRetrievals: number;
}

/** A retrieved import token: the public key to encrypt material under, and the nonce. */
export interface ImportToken extends ImportTokenMetadata {
  /** The RSA public key, PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"). */
  payload: string;
  /** Random bytes, base64: encrypt them under the key material to prove the import is fresh. */
  nonce: string;
}

export interface ImportTokensApi {
  /** Makes the instance's import token (an RSA-4096 key pair), replacing any earlier one. */
  createImportToken(ctx: CallContext, req?: CreateImportTokenRequest): Promise<ImportTokenMetadata>;
  /** Reads the import token (public key and nonce); each read uses one retrieval. */
  getImportToken(ctx: CallContext): Promise<ImportToken>;
}

export const IMPORT_TOKENS_API_METHODS = [
  'createImportToken',
  'getImportToken',
] as const satisfies readonly (keyof ImportTokensApi)[];
