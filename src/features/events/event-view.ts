/**
 * What the events page shows, read from and written to its URL: the filters (action prefix,
 * initiator, target, outcome, time range), the free-text search and the page. Everything lives in
 * the URL so a view can be linked to, reloaded, and walked through with back and forward.
 */
import type { ListEventsQuery } from '../../domain/api';
import type { Outcome } from '../../domain/types';
import {
  hidesRoutineReads,
  withRoutineReads as withRoutineReadsParam,
} from '../../components/routine-reads-param';

export interface EventFilters {
  /** An action or the start of one (`kms.secrets.`). */
  action: string;
  initiator: string;
  /** A key id or a CRN. */
  target: string;
  outcome: Outcome | '';
  /** ISO 8601 instants, inclusive. */
  from: string;
  to: string;
  search: string;
}

export interface EventsView {
  filters: EventFilters;
  /**
   * Leave out routine reads (domain/routine-reads.ts), as an auditor first wants: on unless the
   * URL says `reads=all`. The engine leaves them out, so pages and counts stay exact.
   */
  hideRoutineReads: boolean;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;

/** URL parameter of each filter. */
export const FILTER_PARAMS = {
  action: 'action',
  initiator: 'initiator',
  target: 'target',
  outcome: 'outcome',
  from: 'from',
  to: 'to',
  search: 'q',
} as const satisfies Record<keyof EventFilters, string>;

function positiveInteger(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function readView(params: URLSearchParams): EventsView {
  const get = (name: keyof EventFilters) => params.get(FILTER_PARAMS[name])?.trim() ?? '';
  const outcome = get('outcome');
  const size = positiveInteger(params.get('size'));
  return {
    filters: {
      action: get('action'),
      initiator: get('initiator'),
      target: get('target'),
      outcome: outcome === 'success' || outcome === 'failure' ? outcome : '',
      from: get('from'),
      to: get('to'),
      search: params.get(FILTER_PARAMS.search) ?? '',
    },
    hideRoutineReads: hidesRoutineReads(params),
    page: positiveInteger(params.get('page')) ?? 1,
    pageSize: size !== undefined && PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The engine query of these filters (without paging). */
export function toQuery(filters: EventFilters): ListEventsQuery {
  const query: ListEventsQuery = {};
  if (filters.action) query.action = filters.action;
  if (filters.initiator) query.initiatorId = filters.initiator;
  if (filters.target) query.target = filters.target;
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.search.trim()) query.search = filters.search.trim();
  return query;
}

/** The engine query of a view (without paging): its filters, and routine reads left out or not. */
export function viewQuery(view: Pick<EventsView, 'filters' | 'hideRoutineReads'>): ListEventsQuery {
  const query = toQuery(view.filters);
  if (view.hideRoutineReads) query.routineReads = false;
  return query;
}

/** `params` with routine reads hidden (the default, no parameter) or shown; back to page 1. */
export function withRoutineReads(params: URLSearchParams, hide: boolean): URLSearchParams {
  const next = withRoutineReadsParam(params, hide);
  next.delete('page');
  return next;
}

export function hasFilters(filters: EventFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}

export type FilterChanges = Partial<Record<keyof EventFilters, string | undefined>>;

/**
 * `params` with these filters changed (an empty value removes the parameter). A filter change
 * starts again at page 1, since the old page number means nothing in the new result.
 */
export function withFilters(params: URLSearchParams, changes: FilterChanges): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes) as [keyof EventFilters, string?][]) {
    if (value === undefined || value.trim() === '') next.delete(FILTER_PARAMS[name]);
    else next.set(FILTER_PARAMS[name], value);
  }
  next.delete('page');
  return next;
}

/** `params` without any filter or search; the page size and the routine reads setting stay. */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of Object.values(FILTER_PARAMS)) next.delete(name);
  next.delete('page');
  return next;
}

export function withPage(params: URLSearchParams, page: number, pageSize: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page > 1) next.set('page', String(page));
  else next.delete('page');
  if (pageSize !== DEFAULT_PAGE_SIZE) next.set('size', String(pageSize));
  else next.delete('size');
  return next;
}
