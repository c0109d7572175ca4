import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListKeysQuery } from '../../domain/api';
import { EngineError } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import { DAY } from '../../domain/time';
import { LIMITS } from '../../domain/validation';
import type { KeyRecord } from '../store/records';
import { pageOfKeys, readListKeysQuery, selectKeys, selectPage } from './key-listing';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function key(id: string, fields: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id,
    instanceId: 'inst',
    name: `name-${id}`,
    aliases: [],
    keyRingID: 'default',
    state: KeyState.Active,
    extractable: false,
    imported: false,
    crn: `crn:${id}`,
    creationDate: NOW - 10 * DAY,
    createdBy: 'user-admin',
    lastUpdateDate: NOW - 10 * DAY,
    currentVersion: { id: `${id}-v1`, number: 1, creationDate: NOW - 10 * DAY },
    dualAuthEnabled: false,
    ...fields,
  };
}

const KEYS = [
  key('c', { name: 'Payroll', aliases: ['pay'], creationDate: NOW - 3 * DAY }),
  key('a', { name: 'billing', extractable: true, creationDate: NOW - 1 * DAY }),
  key('d', { name: 'Archive', state: KeyState.Destroyed, deletionDate: NOW - DAY }),
  key('b', { name: 'backup', aliases: ['nightly', 'payload'], keyRingID: 'ring-2' }),
  key('e', { name: 'expired', expirationDate: NOW - DAY, lastRotateDate: NOW - 2 * DAY }),
  key('f', { name: 'paused', state: KeyState.Suspended, imported: true }),
];

const ids = (query: ListKeysQuery, visible?: (k: KeyRecord) => boolean) =>
  selectKeys(KEYS, readListKeysQuery(query), NOW, visible).map((k) => k.id);

function refusal(query: unknown): string {
  try {
    readListKeysQuery(query as ListKeysQuery);
  } catch (e) {
    if (e instanceof EngineError) return `${e.status} ${e.code} ${e.message.split(':')[0]}`;
    throw e;
  }
  throw new Error('accepted');
}

describe('readListKeysQuery', () => {
  it('defaults to the first page of Active, Suspended and Deactivated keys by id', () => {
    expect(readListKeysQuery({})).toEqual({
      offset: 0,
      limit: LIMITS.pageSizeDefault,
      states: [KeyState.Active, KeyState.Suspended, KeyState.Deactivated],
      extractable: undefined,
      keyRingID: undefined,
      sort: [{ field: 'id', descending: false }],
      filter: [],
      search: undefined,
    });
  });
  it('refuses what it cannot use, naming the field', () => {
    expect(refusal(null)).toBe('400 INVALID_FIELD_ERR query');
    expect(refusal('x')).toBe('400 INVALID_FIELD_ERR query');
    expect(refusal({ offset: -1 })).toBe('400 INVALID_FIELD_ERR offset');
    expect(refusal({ offset: 1.5 })).toBe('400 INVALID_FIELD_ERR offset');
    expect(refusal({ limit: 0 })).toBe('400 INVALID_FIELD_ERR limit');
    expect(refusal({ limit: LIMITS.pageSizeMax + 1 })).toBe('400 INVALID_FIELD_ERR limit');
    expect(refusal({ state: [4] })).toBe('400 INVALID_FIELD_ERR state');
    expect(refusal({ state: 1 })).toBe('400 INVALID_FIELD_ERR state');
    expect(refusal({ extractable: 'yes' })).toBe('400 INVALID_FIELD_ERR extractable');
    expect(refusal({ keyRingID: 'no spaces allowed' })).toBe('400 INVALID_FIELD_ERR keyRingID');
    expect(refusal({ sort: 3 })).toBe('400 INVALID_FIELD_ERR sort');
    expect(refusal({ sort: 'colour' })).toBe('400 INVALID_FIELD_ERR sort');
    expect(refusal({ search: 1 })).toBe('400 INVALID_FIELD_ERR search');
    expect(refusal({ filter: 1 })).toBe('400 INVALID_FIELD_ERR filter');
    expect(refusal({ filter: 'colour=red' })).toBe('400 INVALID_FIELD_ERR filter');
  });
  it('accepts the paging bounds', () => {
    expect(readListKeysQuery({ offset: 0, limit: 1 })).toMatchObject({ offset: 0, limit: 1 });
    expect(readListKeysQuery({ offset: 7, limit: LIMITS.pageSizeMax })).toMatchObject({
      offset: 7,
      limit: LIMITS.pageSizeMax,
    });
  });
  it('lets a state filter term replace the default states, unless states are given', () => {
    expect(readListKeysQuery({ filter: 'state=5' }).states).toBeUndefined();
    expect(readListKeysQuery({ filter: 'state=5', state: [1] }).states).toEqual([1]);
  });
});

describe('selectKeys', () => {
  it('lists by id, hiding Destroyed keys; an expired key is Deactivated', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'e', 'f']);
    expect(ids({ state: [KeyState.Deactivated] })).toEqual(['e']);
    expect(ids({ state: [KeyState.Destroyed] })).toEqual(['d']);
  });
  it('sorts by each order, descending with "-", ties and gaps by id', () => {
    expect(ids({ sort: '-id' })).toEqual(['f', 'e', 'c', 'b', 'a']);
    // Names compare case-insensitively: backup, billing, expired, paused, Payroll.
    expect(ids({ sort: 'name' })).toEqual(['b', 'a', 'e', 'f', 'c']);
    expect(ids({ sort: '-creationDate' })).toEqual(['a', 'c', 'b', 'e', 'f']);
    expect(ids({ sort: 'state' })).toEqual(['a', 'b', 'c', 'f', 'e']);
    expect(ids({ sort: '-extractable' })).toEqual(['a', 'b', 'c', 'e', 'f']);
    expect(ids({ sort: 'imported,-id' })).toEqual(['e', 'c', 'b', 'a', 'f']);
    // Keys without the value come last in either direction.
    expect(ids({ sort: 'lastRotateDate' })).toEqual(['e', 'a', 'b', 'c', 'f']);
    expect(ids({ sort: '-lastRotateDate' })).toEqual(['e', 'a', 'b', 'c', 'f']);
  });
  it('filters by extractable, key ring, and filter terms', () => {
    expect(ids({ extractable: true })).toEqual(['a']);
    expect(ids({ extractable: false })).toEqual(['b', 'c', 'e', 'f']);
    expect(ids({ keyRingID: 'ring-2' })).toEqual(['b']);
    expect(ids({ filter: 'state=2,5' })).toEqual(['d', 'f']);
    expect(ids({ filter: 'extractable=true' })).toEqual(['a']);
    expect(ids({ filter: 'lastRotateDate=none' })).toEqual(['a', 'b', 'c', 'f']);
    expect(ids({ filter: `creationDate=gte:"${new Date(NOW - 5 * DAY).toISOString()}"` })).toEqual([
      'a',
      'c',
    ]);
  });
  it('searches names and aliases (substring, case-insensitive), exact, negated, and by id', () => {
    expect(ids({ search: 'PAY' })).toEqual(['b', 'c']);
    expect(ids({ search: 'name:pay' })).toEqual(['c']);
    expect(ids({ search: 'alias:pay' })).toEqual(['b', 'c']);
    expect(ids({ search: 'alias:nightly' })).toEqual(['b']);
    expect(ids({ search: 'exact:pay' })).toEqual(['c']);
    expect(ids({ search: 'not:pay' })).toEqual(['a', 'e', 'f']);
    expect(ids({ search: 'f' })).toEqual(['f']);
  });
  it('keeps only what the caller may see, after every other test', () => {
    expect(ids({}, (k) => k.id !== 'c')).toEqual(['a', 'b', 'e', 'f']);
    expect(ids({ search: 'pay' }, (k) => k.keyRingID === 'default')).toEqual(['c']);
  });
});

describe('pageOfKeys', () => {
  const selected = ['a', 'b', 'c', 'e', 'f'];
  const page = (offset: number, limit: number) =>
    pageOfKeys(selected, readListKeysQuery({ offset, limit }));
  it('cuts the page at offset and limit, and runs short or empty past the end', () => {
    expect(page(0, 2)).toEqual(['a', 'b']);
    expect(page(2, 2)).toEqual(['c', 'e']);
    expect(page(4, 2)).toEqual(['f']);
    expect(page(5, 2)).toEqual([]);
    expect(page(99, 1)).toEqual([]);
    expect(page(0, LIMITS.pageSizeMax)).toEqual(selected);
  });
});

describe('selectPage (issue 16: the first pages without sorting every key)', () => {
  it('gives the page and total of selectKeys then pageOfKeys, for random keys, sorts and pages', () => {
    const recordArb = fc.record({
      name: fc.constantFrom('a', 'B', 'b', 'c', 'Zed', 'zed', 'm'),
      state: fc.constantFrom(1, 2, 3, 5),
      extractable: fc.boolean(),
      created: fc.integer({ min: 0, max: 5 }),
      expires: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 150 }),
        fc.constantFrom('name', '-name', '-creationDate', 'state,-name', 'expirationDate', ''),
        // Small pages of many keys take the partial path (the first offset + limit kept).
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.boolean(), { nil: undefined }),
        (specs, sort, offset, limit, extractable) => {
          const records = specs.map((s, i) =>
            key(`k${String(i).padStart(3, '0')}`, {
              name: s.name,
              state: s.state,
              extractable: s.extractable,
              creationDate: NOW - s.created * DAY,
              ...(s.expires === undefined ? {} : { expirationDate: NOW + s.expires * DAY }),
            }),
          );
          const listing = readListKeysQuery({
            sort,
            offset,
            limit,
            state: [1, 2, 3, 5],
            ...(extractable === undefined ? {} : { extractable }),
          });
          const all = selectKeys(records, listing, NOW);
          expect(selectPage(records, listing, NOW)).toEqual({
            page: pageOfKeys(all, listing),
            total: all.length,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same deep page past the partial path, over keys in reverse order', () => {
    const records = Array.from({ length: 10_000 }, (_, i) =>
      key(`k${String(i).padStart(5, '0')}`, { name: `n${String(9_999 - i).padStart(5, '0')}` }),
    );
    // Page end 2,450: past the 2,000 kept in order, short of a quarter of the keys.
    const listing = readListKeysQuery({ sort: 'name', offset: 2_400, limit: 50 });
    const page = selectPage(records, listing, NOW);
    expect(page).toEqual({
      page: pageOfKeys(selectKeys(records, listing, NOW), listing),
      total: 10_000,
    });
    expect(page.page[0]?.name).toBe('n02400');
  });
});
