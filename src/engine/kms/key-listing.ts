/**
 * Listing keys (Key Protect's `GET /keys` and `HEAD /keys`): a list query read and checked, the
 * keys it selects in their order, and one page of them. Pure: the caller brings the records, the
 * time and who may see what; signing in, access and auditing stay in key-reads.ts.
 */
import type { ListKeysQuery } from '../../domain/api';
import { invalidField } from '../../domain/errors';
import { matchesKeyFilter, parseKeyFilter, type FilterTerm } from '../../domain/key-filter';
import { isKeyState, KeyState } from '../../domain/key-state';
import {
  keyComparator,
  parseKeySort,
  type SortableKey,
  type SortTerm,
} from '../../domain/key-sort';
import { matchesKeySearch, parseKeySearch, type KeySearch } from '../../domain/search';
import { check, checkPage, keyRingIdProblem } from '../../domain/validation';
import type { KeyRecord } from '../store/records';
import { effectiveState } from './key-view';

/** A list query, checked. */
export interface KeyListing {
  offset: number;
  limit: number;
  /** The states listed; `undefined` when a `state` filter term decides instead. */
  states: readonly KeyState[] | undefined;
  extractable: boolean | undefined;
  keyRingID: string | undefined;
  sort: SortTerm[];
  filter: FilterTerm[];
  search: KeySearch | undefined;
}

/** The states listed when the query names none: Destroyed keys are hidden unless asked. */
export const DEFAULT_LISTED_STATES: readonly KeyState[] = [
  KeyState.Active,
  KeyState.Suspended,
  KeyState.Deactivated,
];

/** Reads a list query, refusing (INVALID_FIELD_ERR, naming the field) what it cannot use. */
export function readListKeysQuery(query: ListKeysQuery): KeyListing {
  if (typeof query !== 'object' || query === null)
    throw invalidField('query', 'a list query is an object');
  const { offset, limit } = checkPage(query.offset, query.limit);
  const states = query.state ?? DEFAULT_LISTED_STATES;
  if (!Array.isArray(states) || !states.every(isKeyState))
    throw invalidField(
      'state',
      'use key state numbers 1 (Active), 2 (Suspended), 3 (Deactivated), 5 (Destroyed)',
    );
  if (query.extractable !== undefined && typeof query.extractable !== 'boolean')
    throw invalidField('extractable', 'must be true or false');
  if (query.keyRingID !== undefined) check('keyRingID', keyRingIdProblem(query.keyRingID));
  if (query.sort !== undefined && typeof query.sort !== 'string')
    throw invalidField('sort', 'must be field names, comma-separated, "-" prefixed for descending');
  if (query.search !== undefined && typeof query.search !== 'string')
    throw invalidField('search', 'must be text');
  if (query.filter !== undefined && typeof query.filter !== 'string')
    throw invalidField('filter', 'must be text: property=value terms, space-separated');
  const sort = parseKeySort(query.sort);
  if ('problem' in sort) throw invalidField('sort', sort.problem);
  const filter = query.filter === undefined ? [] : parseKeyFilter(query.filter);
  if ('problem' in filter) throw invalidField('filter', filter.problem);
  const search = query.search ? parseKeySearch(query.search) : undefined;
  // A filter on state replaces the default state set (Key Protect: state=5 lists deleted keys).
  const stateFiltered = filter.some((t) => t.property === 'state');
  return {
    offset,
    limit,
    states: stateFiltered && query.state === undefined ? undefined : states,
    extractable: query.extractable,
    keyRingID: query.keyRingID,
    sort,
    filter,
    search,
  };
}

/**
 * The records the listing selects, sorted (then by id, so pages never overlap): `visible` is the
 * caller's own test (the user may read the key, the dashboard's extra filters).
 */
export function selectKeys(
  records: readonly KeyRecord[],
  listing: KeyListing,
  now: number,
  visible: (k: KeyRecord) => boolean = () => true,
): KeyRecord[] {
  const { items, compare } = selected(records, listing, now, visible);
  return items.sort(compare).map((item) => item.record);
}

/** The deepest page end `selectPage` finds without sorting every key (see there). */
const MAX_KEPT_IN_ORDER = 2_000;

/**
 * The listing's page and the number of keys it selects: what `selectKeys` then `pageOfKeys`
 * give, without sorting every selected key when the page is near the start. The first
 * `offset + limit` in order are kept while the records are read (each new one compared with the
 * last kept, placed by binary search): at 100,000 keys that is ~100,000 comparisons, not the
 * ~1.7 million of a full sort (issue 16). The order is total (ties fall to the id), so the page
 * is the same.
 */
export function selectPage(
  records: readonly KeyRecord[],
  listing: KeyListing,
  now: number,
  visible: (k: KeyRecord) => boolean = () => true,
): { page: KeyRecord[]; total: number } {
  const { items, compare } = selected(records, listing, now, visible);
  const upTo = listing.offset + listing.limit;
  // Keeping the first `upTo` in order costs up to `upTo` moves an item (keys in reverse order):
  // past a few pages' worth, sorting everything is cheaper.
  const first =
    upTo > MAX_KEPT_IN_ORDER || upTo * 4 >= items.length
      ? items.sort(compare)
      : firstInOrder(items, upTo, compare);
  return {
    page: first.slice(listing.offset, upTo).map((item) => item.record),
    total: items.length,
  };
}

/** The first `count` of `items` in `compare`'s order (a total order), in that order. */
function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const last = kept[kept.length - 1];
    if (kept.length === count && last !== undefined && compare(item, last) >= 0) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(kept[mid] as T, item) <= 0) low = mid + 1;
      else high = mid;
    }
    kept.splice(low, 0, item);
    if (kept.length > count) kept.pop();
  }
  return kept;
}

interface Selected {
  record: KeyRecord;
  view: SortableKey;
}

/** The records the listing selects, unsorted, and the comparator of its order. */
function selected(
  records: readonly KeyRecord[],
  listing: KeyListing,
  now: number,
  visible: (k: KeyRecord) => boolean,
): { items: Selected[]; compare: (a: Selected, b: Selected) => number } {
  const { states, extractable, keyRingID, search, filter, sort } = listing;
  // Each selected key's sortable view is made once (with its name lowercased, as the sort
  // compares names), not twice per comparison.
  const items: Selected[] = [];
  for (const k of records) {
    if (states !== undefined && !states.includes(effectiveState(k, now))) continue;
    if (extractable !== undefined && k.extractable !== extractable) continue;
    if (keyRingID !== undefined && k.keyRingID !== keyRingID) continue;
    if (search && !matchesKeySearch(search, k)) continue;
    const view = sortableOf(k, now);
    if (filter.length > 0 && !matchesKeyFilter(filter, view)) continue;
    if (!visible(k)) continue;
    view.name = view.name.toLowerCase();
    items.push({ record: k, view });
  }
  return { items, compare: keyComparator(sort, (item: Selected) => item.view) };
}

/** The listing's page of the selected keys. */
export function pageOfKeys<T>(selected: readonly T[], listing: KeyListing): T[] {
  return selected.slice(listing.offset, listing.offset + listing.limit);
}

/** What a key is sorted and filtered by: its record's values, with the state as it is now. */
export function sortableOf(k: KeyRecord, now: number): SortableKey {
  return {
    id: k.id,
    name: k.name,
    state: effectiveState(k, now),
    extractable: k.extractable,
    imported: k.imported,
    creationDate: k.creationDate,
    lastUpdateDate: k.lastUpdateDate,
    lastRotateDate: k.lastRotateDate,
    deletionDate: k.deletionDate,
    expirationDate: k.expirationDate,
  };
}
