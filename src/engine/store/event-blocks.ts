/**
 * The events store's records (schema v9): one record per flush, an event block, instead of one
 * per event. IndexedDB pays per record put (about 11,000 a second in Chromium, whatever their
 * size), so a group commit of 2,000 events written as one record costs one put, not 2,000.
 *
 * A block is `{ seq, last, keyIds, events }`: its first and last event's `seq` (the store's key
 * is `seq`), the distinct `target.keyId`s of its events (the multiEntry index `byKeyIds`) and
 * the events in chain order. Records written by v8 and earlier are single events (no `events`
 * field), still found by the old `byKeyId` index; both kinds are read side by side, never
 * rewritten. These helpers are plain functions over records, for the store and for whatever
 * copies the store (checkpoints, backups).
 */
import type { AuditEvent } from './records';

export interface EventBlock {
  /** The first event's seq: the record's key. */
  seq: number;
  /** The last event's seq. */
  last: number;
  /** The distinct `target.keyId`s of the events, in order of first appearance. */
  keyIds: string[];
  events: AuditEvent[];
}

/** A record of the events store: a block (v9) or one event (v8 and earlier). */
export type EventRecord = EventBlock | AuditEvent;

export function isEventBlock(record: EventRecord): record is EventBlock {
  return Array.isArray((record as Partial<EventBlock>).events);
}

/** The events a record holds, in chain order. */
export function eventsOfRecord(record: EventRecord): AuditEvent[] {
  return isEventBlock(record) ? record.events : [record];
}

/** The number of events a record holds. */
export function eventCountOf(record: EventRecord): number {
  return isEventBlock(record) ? record.events.length : 1;
}

/** The block holding `events` (at least one, in chain order). */
export function eventBlock(events: readonly AuditEvent[]): EventBlock {
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) throw new Error('an event block holds at least one event');
  const keyIds = new Set<string>();
  for (const e of events) if (typeof e.target?.keyId === 'string') keyIds.add(e.target.keyId);
  return { seq: first.seq, last: last.seq, keyIds: [...keyIds], events: [...events] };
}

/**
 * What is wrong with a block's own fields, if anything: its key and `last` must be its first and
 * last event's seq and `keyIds` its events' key ids (the index a key's history is read through),
 * with no other field. The events themselves are checked by the chain.
 */
export function blockProblem(block: EventBlock): string | undefined {
  const expected = block.events.length > 0 ? eventBlock(block.events) : undefined;
  if (
    !expected ||
    Object.keys(block).some((k) => !BLOCK_FIELDS.has(k)) ||
    block.seq !== expected.seq ||
    block.last !== expected.last ||
    !Array.isArray(block.keyIds) ||
    block.keyIds.length !== expected.keyIds.length ||
    block.keyIds.some((k, i) => k !== expected.keyIds[i])
  )
    return 'the record holding it does not describe its events (its seqs or key ids were altered)';
  return undefined;
}
const BLOCK_FIELDS = new Set(['seq', 'last', 'keyIds', 'events']);

/** How many events a block written by `packEventRecords` holds at most. */
export const PACKED_BLOCK_EVENTS = 2000;

/**
 * The events of `records` (a copy of the events store: keys and records in key order) as one
 * record per event, keyed by seq: the layout of the store before v9, which a backup file keeps.
 */
export function unpackEventRecords(records: { keys: unknown[]; values: unknown[] }): {
  keys: number[];
  values: AuditEvent[];
} {
  const values = (records.values as EventRecord[]).flatMap(eventsOfRecord);
  return { keys: values.map((e) => e.seq), values };
}

/**
 * Per-event records (a backup's) packed into blocks of up to PACKED_BLOCK_EVENTS events in seq
 * order, so a restore writes a few records rather than one per event. Blocks among the records
 * are unpacked first. Records whose seqs are not numbers in increasing order are left one per
 * event, as they were: two records under one key would lose one, and the chain check reports
 * what is wrong with them.
 */
export function packEventRecords(records: { keys: unknown[]; values: unknown[] }): {
  keys: number[];
  values: EventRecord[];
} {
  const unpacked = unpackEventRecords(records);
  const events = unpacked.values;
  for (let i = 0; i < events.length; i++) {
    const seq = events[i]!.seq;
    if (typeof seq !== 'number' || !Number.isFinite(seq) || (i > 0 && !(seq > events[i - 1]!.seq)))
      return unpacked;
  }
  const values: EventBlock[] = [];
  for (let i = 0; i < events.length; i += PACKED_BLOCK_EVENTS)
    values.push(eventBlock(events.slice(i, i + PACKED_BLOCK_EVENTS)));
  return { keys: values.map((r) => r.seq), values };
}
