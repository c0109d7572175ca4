/**
 * The key rings part of the engine's API (issue 4). Composed into `KeywardApi` in api.ts.
 */
import type { CallContext, PageQuery } from './api-common';
import type { Key, KeyRing } from './types';

export interface DeleteKeyRingOptions {
  /** Move the ring's keys (all Destroyed) to `default` so the ring can go. */
  force?: boolean;
}

export interface KeyRingsApi {
  /** The instance's key rings (`default` always exists). */
  listKeyRings(ctx: CallContext, page?: PageQuery): Promise<{ keyRings: KeyRing[]; total: number }>;
  /** Creates a key ring (ids 2–100 of `[A-Za-z0-9-]`, unique, at most 50 per instance). Writer. */
  createKeyRing(ctx: CallContext, keyRingID: string): Promise<KeyRing>;
  /**
   * Deletes a key ring whose keys are all Destroyed (`force` moves those to `default`); `default`
   * is never deleted. Manager.
   */
  deleteKeyRing(ctx: CallContext, keyRingID: string, options?: DeleteKeyRingOptions): Promise<void>;
  /** Moves a key to another ring. Manager on both rings. */
  setKeyRing(ctx: CallContext, idOrAlias: string, keyRingID: string): Promise<Key>;
}

export const KEY_RINGS_API_METHODS = [
  'listKeyRings',
  'createKeyRing',
  'deleteKeyRing',
  'setKeyRing',
] as const satisfies readonly (keyof KeyRingsApi)[];
