/**
 * The files "Export JSON" and "Export CSV" write, and how every event of a filter is fetched for
 * them. Pure functions (the engine call is passed in), so they are unit-tested under Node.
 */
import type { EventList, ListEventsQuery } from '../../domain/api';
import type { AuditEvent } from '../../domain/types';
import { toCsv } from '../../components/csv';

/** The engine's largest page. */
export const EXPORT_PAGE_SIZE = 5000;

/**
 * Every event that matches `query`, newest first, fetched page by page.
 *
 * Why oldest first while paging: every engine call appends an event (the listing calls of this
 * export too). New events go to the end of the chain, so oldest-first offsets stay put between
 * pages, and the total of the first page fixes what "the events of this filter" are.
 */
export async function fetchAllEvents(
  list: (query: ListEventsQuery) => Promise<EventList>,
  query: ListEventsQuery,
  pageSize = EXPORT_PAGE_SIZE,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let total: number | undefined;
  while (total === undefined || events.length < total) {
    const page = await list({
      ...query,
      newestFirst: false,
      offset: events.length,
      limit: pageSize,
    });
    total ??= page.total;
    events.push(...page.events);
    if (page.events.length < pageSize) break;
  }
  return events.slice(0, total).reverse();
}

/** `keyward-events-20260501T093000Z.csv`: ISO 8601 (basic format, so no colons in file names). */
export function exportFileName(extension: 'json' | 'csv', now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `keyward-events-${stamp}.${extension}`;
}

export function eventsToJson(
  events: AuditEvent[],
  meta: { exportedAt: string; instanceId: string; filter: ListEventsQuery },
): string {
  return `${JSON.stringify({ ...meta, count: events.length, events }, null, 2)}\n`;
}

/** The CSV columns, in order, with how each is read from an event. */
export const CSV_COLUMNS: readonly [string, (e: AuditEvent) => string | number | undefined][] = [
  ['seq', (e) => e.seq],
  ['id', (e) => e.id],
  ['time', (e) => e.time],
  ['action', (e) => e.action],
  ['initiator_id', (e) => e.initiator.id],
  ['initiator_name', (e) => e.initiator.name],
  ['initiator_roles', (e) => e.initiator.roles.join(' ')],
  ['target_crn', (e) => e.target.crn],
  ['target_key_id', (e) => e.target.keyId],
  ['target_instance_id', (e) => e.target.instanceId],
  ['outcome', (e) => e.outcome],
  ['reason_status', (e) => e.reason?.status],
  ['reason_code', (e) => e.reason?.code],
  ['reason_message', (e) => e.reason?.message],
  ['correlation_id', (e) => e.correlationId],
  ['prev_hash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
];

/** A header row, then one row per event; CRLF line ends as RFC 4180 has them. */
export function eventsToCsv(events: AuditEvent[]): string {
  return toCsv(CSV_COLUMNS, events);
}
