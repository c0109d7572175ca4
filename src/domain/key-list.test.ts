import { describe, expect, it } from 'vitest';
import { matchesKeyFilter, parseKeyFilter, type FilterTerm } from './key-filter';
import { keyComparator, parseKeySort, type SortableKey, type SortTerm } from './key-sort';

const D = (iso: string) => Date.parse(iso);
const base = (id: string, over: Partial<SortableKey> = {}): SortableKey => ({
  id,
  name: id,
  state: 1,
  extractable: false,
  imported: false,
  creationDate: D('2026-01-01T00:00:00Z'),
  lastUpdateDate: D('2026-01-01T00:00:00Z'),
  ...over,
});

const sortIds = (sort: string, keys: SortableKey[]) => {
  const terms = parseKeySort(sort) as SortTerm[];
  return [...keys].sort(keyComparator(terms, (k) => k)).map((k) => k.id);
};

describe('parseKeySort (Key Protect sort)', () => {
  it('defaults to id ascending', () => {
    expect(parseKeySort(undefined)).toEqual([{ field: 'id', descending: false }]);
  });
  it('takes several comma-separated fields, "-" for descending', () => {
    expect(parseKeySort('-state,name')).toEqual([
      { field: 'state', descending: true },
      { field: 'name', descending: false },
    ]);
  });
  it('refuses an unknown or repeated field with the list of known ones', () => {
    expect(parseKeySort('colour')).toMatchObject({ problem: expect.stringContaining('id, state') });
    expect(parseKeySort('name,-name')).toMatchObject({ problem: '"name" is given twice' });
  });
});

describe('keyComparator', () => {
  const a = base('a', { state: 2, name: 'Zed', imported: true });
  const b = base('b', { state: 1, name: 'alpha', lastRotateDate: D('2026-02-01T00:00:00Z') });
  const c = base('c', { state: 2, name: 'Beta', lastRotateDate: D('2026-03-01T00:00:00Z') });
  it('sorts by id by default', () => expect(sortIds('', [c, a, b])).toEqual(['a', 'b', 'c']));
  it('sorts by the first field, then the next', () => {
    expect(sortIds('-state,name', [a, b, c])).toEqual(['c', 'a', 'b']);
    expect(sortIds('imported,-id', [a, b, c])).toEqual(['c', 'b', 'a']);
  });
  it('puts keys without the field last in either direction', () => {
    expect(sortIds('lastRotateDate', [a, b, c])).toEqual(['b', 'c', 'a']);
    expect(sortIds('-lastRotateDate', [a, b, c])).toEqual(['c', 'b', 'a']);
  });
});

describe('parseKeyFilter / matchesKeyFilter (Key Protect filter)', () => {
  const matching = (filter: string, keys: SortableKey[]) => {
    const terms = parseKeyFilter(filter) as FilterTerm[];
    return keys.filter((k) => matchesKeyFilter(terms, k)).map((k) => k.id);
  };
  const old = base('old', { creationDate: D('2025-06-01T00:00:00Z') });
  const fresh = base('new', {
    creationDate: D('2026-02-01T00:00:00Z'),
    lastRotateDate: D('2026-02-02T00:00:00Z'),
    state: 2,
    extractable: true,
  });

  it('compares dates with gte:, lt: and a quoted ISO date; none means no such date', () => {
    expect(matching('creationDate=gte:"2026-01-01T00:00:00Z"', [old, fresh])).toEqual(['new']);
    expect(matching('creationDate=lt:2026-01-01T00:00:00Z', [old, fresh])).toEqual(['old']);
    expect(matching('lastRotateDate=none', [old, fresh])).toEqual(['old']);
  });
  it('state takes a list; extractable a boolean; every term must hold', () => {
    expect(matching('state=1,2', [old, fresh])).toEqual(['old', 'new']);
    expect(matching('state=2 extractable=true', [old, fresh])).toEqual(['new']);
    expect(
      matching('creationDate=gte:"2025-01-01T00:00:00Z" creationDate=lt:"2026-01-01T00:00:00Z"', [
        old,
        fresh,
      ]),
    ).toEqual(['old']);
  });
  it('allows at most 3 terms per property, and names what is wrong otherwise', () => {
    const four = Array(4).fill('state=1').join(' ');
    expect(parseKeyFilter(four)).toMatchObject({ problem: expect.stringContaining('at most 3') });
    expect(parseKeyFilter('colour=red')).toMatchObject({
      problem: expect.stringContaining('colour'),
    });
    expect(parseKeyFilter('state=4')).toMatchObject({
      problem: expect.stringContaining('1, 2, 3, 5'),
    });
    expect(parseKeyFilter('creationDate=gte:yesterday')).toMatchObject({
      problem: expect.stringContaining('ISO date'),
    });
  });
});
