/**
 * The account seal part of the engine's API (issue 14). Composed into `KeywardApi` in api.ts.
 */
import type { CallContext } from './api-common';
import type { SealRequest, SealStatus } from './seal';

export interface SealApi {
  /** The account seal (issue 14): whether it is on, and whether this engine is sealed. */
  getSealStatus(ctx: CallContext): Promise<SealStatus>;
  /** Administrator: puts the seal on with a passphrase, or (on) seals every tab now. */
  sealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus>;
  /** Administrator: unseals this engine with the passphrase. */
  unsealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus>;
  /** Administrator: takes the seal off (needs the passphrase). */
  removeSeal(ctx: CallContext, req: SealRequest): Promise<SealStatus>;
}

export const SEAL_API_METHODS = [
  'getSealStatus',
  'sealAccount',
  'unsealAccount',
  'removeSeal',
] as const satisfies readonly (keyof SealApi)[];
