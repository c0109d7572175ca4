/**
 * The envelope-encryption part of the engine's API (SPEC section 5): wrap, unwrap and rewrap,
 * one at a time or in batches. Composed into `KeywardApi` in api.ts.
 */
import type { BatchItem, CallContext } from './api-common';

export interface WrapRequest {
  /** base64; when absent the engine generates a 32-byte DEK and returns it. */
  plaintext?: string;
  aad?: string[];
}

/** A batch wrap item: the key it names (id or alias) and its own wrap request. */
export interface BatchWrapItem extends WrapRequest {
  keyId: string;
}

/** A batch unwrap or rewrap item: the key it names (id or alias) and its own request. */
export interface BatchUnwrapItem extends UnwrapRequest {
  keyId: string;
}

export interface WrapResult {
  ciphertext: string;
  keyVersion: { id: string };
  /** Present only when the engine generated the DEK. */
  plaintext?: string;
}

export interface UnwrapRequest {
  ciphertext: string;
  aad?: string[];
}

export interface UnwrapResult {
  plaintext: string;
  keyVersion: { id: string };
  /** Present when the ciphertext was made under an older version: the same DEK, rewrapped. */
  ciphertext?: string;
  rewrappedKeyVersion?: { id: string };
}

export interface RewrapResult {
  ciphertext: string;
  keyVersion: { id: string };
  rewrappedKeyVersion: { id: string };
}

export interface WrapApi {
  wrap(ctx: CallContext, idOrAlias: string, req?: WrapRequest): Promise<WrapResult>;
  unwrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<UnwrapResult>;
  rewrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<RewrapResult>;
  /**
   * Batch wrap, unwrap and rewrap (SPEC section 5, a Keyward addition after Vault's batch_input):
   * up to 1,000 items, each naming its key, each checked as its own call; one result or error
   * per item, in order; the call is one event listing every item's key, version and outcome.
   */
  wrapBatch(ctx: CallContext, items: BatchWrapItem[]): Promise<BatchItem<WrapResult>[]>;
  unwrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<UnwrapResult>[]>;
  rewrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<RewrapResult>[]>;
}

export const WRAP_API_METHODS = [
  'wrap',
  'unwrap',
  'rewrap',
  'wrapBatch',
  'unwrapBatch',
  'rewrapBatch',
] as const satisfies readonly (keyof WrapApi)[];
