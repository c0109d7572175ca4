/**
 * The events part of the engine's API (SPEC section 12): the audit history, its verification and
 * signed digests. Composed into `KeywardApi` in api.ts.
 */
import type { CallContext } from './api-common';
import type { AuditEvent, ChainVerification, EventsDigest, Outcome } from './types';

export interface ListEventsQuery {
  offset?: number;
  limit?: number;
  action?: string;
  initiatorId?: string;
  /** A key id or a CRN. */
  target?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
  /**
   * Free text: a case-insensitive substring of the action, the initiator's name or id, the
   * target's CRN or key id, the outcome or the reason code.
   */
  search?: string;
  /** Newest first unless false. */
  newestFirst?: boolean;
  /**
   * False leaves out routine reads (domain/routine-reads.ts: successful list and metadata reads);
   * `total` then counts the rest, and `routineReadsHidden` how many were left out.
   */
  routineReads?: boolean;
}

export interface EventList {
  events: AuditEvent[];
  /** Every event matching the query (all pages). */
  total: number;
  /** With `routineReads: false`: the routine reads that matched the other filters, left out. */
  routineReadsHidden?: number;
  /**
   * Names of the keys this page's events aim at (key id → name), for the keys the instance still
   * holds; a purged key has none.
   */
  keyNames?: Record<string, string>;
}

export interface EventsApi {
  listEvents(ctx: CallContext, query?: ListEventsQuery): Promise<EventList>;
  /**
   * Verifies the audit chain, and against each signed digest given that the history up to its
   * head is unchanged (SPEC section 12).
   */
  verifyEvents(ctx: CallContext, digests?: EventsDigest[]): Promise<ChainVerification>;
  /** A signed digest of the audit chain's head, for an auditor to keep (SPEC section 12). */
  getEventsDigest(ctx: CallContext): Promise<EventsDigest>;
}

export const EVENTS_API_METHODS = [
  'listEvents',
  'verifyEvents',
  'getEventsDigest',
] as const satisfies readonly (keyof EventsApi)[];
