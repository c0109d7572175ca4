/**
 * Key Protect's `filter` expressions for listing keys (SPEC.md section 3): space-separated
 * `property=value` terms, e.g. `creationDate=gte:"2026-01-01T00:00:00Z" state=1,2
 * lastRotateDate=none extractable=false`. Date properties take `lt:`, `lte:`, `gt:`, `gte:` (or
 * a bare value: equal) with a quoted or bare ISO date, or `none` (no such date); `state` takes a
 * comma-separated list of state numbers; `extractable` true or false. At most 3 terms per
 * property; every term must hold. Pure: parsed and matched here, applied by the engine.
 */
import type { SortableKey } from './key-sort';

export const FILTER_DATE_PROPERTIES = [
  'creationDate',
  'lastUpdateDate',
  'lastRotateDate',
  'deletionDate',
  'expirationDate',
] as const;
type DateProperty = (typeof FILTER_DATE_PROPERTIES)[number];

export const MAX_FILTER_TERMS_PER_PROPERTY = 3;
const STATES = [1, 2, 3, 5];

export type FilterTerm =
  | { property: DateProperty; op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq'; at: number }
  | { property: DateProperty; op: 'none' }
  | { property: 'state'; states: number[] }
  | { property: 'extractable'; value: boolean };

/** Splits on spaces outside double quotes. */
function terms(input: string): string[] {
  return input.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

/** The terms of `filter`, or the problem (to answer 400 INVALID_FIELD_ERR with). */
export function parseKeyFilter(input: string): FilterTerm[] | { problem: string } {
  const out: FilterTerm[] = [];
  const counts = new Map<string, number>();
  for (const term of terms(input)) {
    const eq = term.indexOf('=');
    if (eq <= 0) return { problem: `"${term}" is not property=value` };
    const property = term.slice(0, eq);
    const value = term.slice(eq + 1);
    const count = (counts.get(property) ?? 0) + 1;
    counts.set(property, count);
    if (count > MAX_FILTER_TERMS_PER_PROPERTY)
      return {
        problem: `at most ${MAX_FILTER_TERMS_PER_PROPERTY} terms per property ("${property}" has more)`,
      };
    if (property === 'state') {
      const states = value.split(',').map(Number);
      if (value === '' || !states.every((s) => STATES.includes(s)))
        return { problem: `state takes state numbers 1, 2, 3, 5, comma-separated ("${value}")` };
      out.push({ property, states });
    } else if (property === 'extractable') {
      if (value !== 'true' && value !== 'false')
        return { problem: `extractable is true or false ("${value}")` };
      out.push({ property, value: value === 'true' });
    } else if ((FILTER_DATE_PROPERTIES as readonly string[]).includes(property)) {
      const date = property as DateProperty;
      if (value === 'none') {
        out.push({ property: date, op: 'none' });
        continue;
      }
      const m = /^(?:(lt|lte|gt|gte):)?"?([^"]+)"?$/.exec(value);
      const at = m?.[2] !== undefined ? Date.parse(m[2]) : NaN;
      if (!m || Number.isNaN(at))
        return {
          problem: `${property} takes none, or lt:, lte:, gt:, gte: and an ISO date such as "2026-01-01T00:00:00Z" ("${value}")`,
        };
      out.push({
        property: date,
        op: (m[1] as 'lt' | 'lte' | 'gt' | 'gte' | undefined) ?? 'eq',
        at,
      });
    } else
      return {
        problem: `filter on ${[...FILTER_DATE_PROPERTIES, 'state', 'extractable'].join(', ')} ("${property}" is not one)`,
      };
  }
  return out;
}

/** Whether a key holds every term. */
export function matchesKeyFilter(filter: readonly FilterTerm[], key: SortableKey): boolean {
  return filter.every((t) => {
    if (t.property === 'state') return t.states.includes(key.state);
    if (t.property === 'extractable') return key.extractable === t.value;
    const value = key[t.property];
    if (t.op === 'none') return value === undefined;
    if (value === undefined) return false;
    switch (t.op) {
      case 'lt':
        return value < t.at;
      case 'lte':
        return value <= t.at;
      case 'gt':
        return value > t.at;
      case 'gte':
        return value >= t.at;
      case 'eq':
        return value === t.at;
    }
  });
}
