/**
 * Sorting a key list as Key Protect's `sort` parameter does (SPEC.md section 3): one or more
 * fields, comma-separated, each `-`-prefixed for descending; `id` by default. Fields: Key
 * Protect's (id, state, extractable, imported and the dates) plus `name` (a Keyward addition).
 * Keys without a field's value sort after those with it, in either direction; ties fall to `id`.
 * Pure: the engine sorts with it, and tests pin it.
 */

export const KEY_LIST_SORT_FIELDS = [
  'id',
  'state',
  'extractable',
  'imported',
  'creationDate',
  'lastUpdateDate',
  'lastRotateDate',
  'deletionDate',
  'expirationDate',
  'name',
] as const;
export type KeyListSortField = (typeof KEY_LIST_SORT_FIELDS)[number];

export interface SortTerm {
  field: KeyListSortField;
  descending: boolean;
}

/** The values a key is sorted by (dates as engine milliseconds, the state as it is now). */
export interface SortableKey {
  id: string;
  name: string;
  state: number;
  extractable: boolean;
  imported: boolean;
  creationDate: number;
  lastUpdateDate: number;
  lastRotateDate?: number | undefined;
  deletionDate?: number | undefined;
  expirationDate?: number | undefined;
}

/** The sort terms of `sort`, or the problem (to answer 400 INVALID_FIELD_ERR with). */
export function parseKeySort(sort: string | undefined): SortTerm[] | { problem: string } {
  if (sort === undefined || sort.trim() === '') return [{ field: 'id', descending: false }];
  const terms: SortTerm[] = [];
  for (const raw of sort.split(',')) {
    const part = raw.trim();
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    const field = KEY_LIST_SORT_FIELDS.find((f) => f === name);
    if (!field)
      return {
        problem: `sort by one or more of ${KEY_LIST_SORT_FIELDS.join(', ')}, comma-separated ("-" prefix for descending); "${part}" is not one`,
      };
    if (terms.some((t) => t.field === field)) return { problem: `"${field}" is given twice` };
    terms.push({ field, descending });
  }
  return terms;
}

function valueOf(key: SortableKey, field: KeyListSortField): string | number | undefined {
  switch (field) {
    case 'name':
      return key.name.toLowerCase();
    case 'extractable':
    case 'imported':
      return key[field] ? 1 : 0;
    default:
      return key[field];
  }
}

/** A comparator over `terms`, then `id` (so the order is total and stable across pages). */
export function keyComparator<T>(
  terms: readonly SortTerm[],
  view: (item: T) => SortableKey,
): (a: T, b: T) => number {
  return (x, y) => {
    const a = view(x);
    const b = view(y);
    for (const { field, descending } of terms) {
      const va = valueOf(a, field);
      const vb = valueOf(b, field);
      if (va === vb) continue;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      return (va < vb ? -1 : 1) * (descending ? -1 : 1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
