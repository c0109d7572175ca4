/**
 * What every part of the engine's API shares: the call context (who acts, on which instance),
 * paging, and the per-item outcome of batch calls. The parts (keys-api.ts, iam-api.ts, …) are
 * composed into `KeywardApi` in api.ts.
 */
import type { ErrorCode } from './errors';

export interface CallContext {
  /** The acting user (demo persona). */
  userId: string;
  /** The kms instance addressed (Key Protect's `Bluemix-Instance` header). */
  instanceId: string;
  /** Optional caller-supplied correlation id; the engine makes one when absent. */
  correlationId?: string;
}

/**
 * Paging of versions, key rings and registrations (Key Protect's `limit`, `offset`; the answer's
 * `total` counts all). Without it, every item is returned (what the console relies on).
 */
export interface PageQuery {
  offset?: number;
  limit?: number;
}

/**
 * One item's outcome in a batch call (Keyward addition, after Vault's `batch_results`): its
 * result, or the error that call alone would have raised.
 */
export type BatchItem<T> =
  | { ok: true; value: T }
  | { ok: false; error: { status: number; code: ErrorCode; message: string } };
