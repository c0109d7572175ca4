/**
 * The session part of the engine's API: who is here, what the acting user may do (to gate the
 * console's controls), and the demo clock. Composed into `KeywardApi` in api.ts.
 */
import type { CallContext } from './api-common';
import type { Account, AccessPolicy, Permissions, ServiceInstance, User } from './types';

export interface Session {
  account: Account;
  users: User[];
  instances: ServiceInstance[];
  policies: AccessPolicy[];
  /** The engine clock, ISO 8601. */
  now: string;
  /** How far the demo clock runs ahead of real time, in ms. */
  clockOffsetMs: number;
}

export interface SessionApi {
  /** Who is here: account, users, instances, policies and the clock. Console metadata, not audited. */
  getSession(): Promise<Session>;
  /**
   * What the acting user may do on one key, or (without a key) somewhere in the instance: on it or
   * on some ring or key in it. Not audited.
   */
  getPermissions(ctx: CallContext, keyIdOrAlias?: string): Promise<Permissions>;
  /** What the acting user may do on each of these keys (unknown ids are left out). Not audited. */
  getKeyPermissions(ctx: CallContext, keyIds: string[]): Promise<Record<string, Permissions>>;
  /** Demo clock: move time forward. */
  advanceTime(ctx: CallContext, ms: number): Promise<{ now: string; clockOffsetMs: number }>;
}

export const SESSION_API_METHODS = [
  'getSession',
  'getPermissions',
  'getKeyPermissions',
  'advanceTime',
] as const satisfies readonly (keyof SessionApi)[];
