/**
 * Writing the account back touches only what differs (account-data.ts): which records are put
 * and deleted, and when two stored values count as the same record.
 */
import { describe, expect, it } from 'vitest';
import { createMasterKey } from '../crypto/key-material';
import { compareKeys, sameValue, storeChanges } from './account-data';

describe('sameValue', () => {
  it('equal plain data is the same record', () => {
    const record = { id: 'k', n: 1, tags: ['a', 'b'], bytes: new Uint8Array([1, 2]), none: null };
    expect(sameValue(record, structuredClone(record))).toBe(true);
  });

  it('any difference of value, type, byte, key or key order is not', () => {
    const base = { id: 'k', n: 1, bytes: new Uint8Array([1, 2]) };
    expect(sameValue(base, { ...base, n: 2 })).toBe(false);
    expect(sameValue(base, { ...base, n: '1' })).toBe(false);
    expect(sameValue(base, { ...base, bytes: new Uint8Array([1, 3]) })).toBe(false);
    expect(sameValue(base, { ...base, bytes: new Uint8Array([1, 2, 3]) })).toBe(false);
    expect(sameValue(base, { ...base, bytes: new Uint16Array([1, 2]) })).toBe(false);
    expect(sameValue(base, { ...base, extra: undefined })).toBe(false);
    expect(sameValue(base, { n: 1, id: 'k', bytes: new Uint8Array([1, 2]) })).toBe(false);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue(0, -0)).toBe(false);
    expect(sameValue({ a: [] }, { a: {} })).toBe(false);
  });

  it('a CryptoKey, a Date or a Map is never the same (so it is always written)', async () => {
    const key = await createMasterKey();
    expect(sameValue({ key }, { key })).toBe(true); // the very same object
    expect(sameValue({ key }, { key: structuredClone(key) })).toBe(false);
    expect(sameValue(new Date(1), new Date(1))).toBe(false);
    expect(sameValue(new Map(), new Map())).toBe(false);
  });
});

describe('storeChanges', () => {
  const store = (...records: { id: string; v: number }[]) => ({
    keys: records.map((r) => r.id),
    values: records,
  });

  it('puts what is missing or different and deletes what the saved data lacks', () => {
    const current = store({ id: 'a', v: 1 }, { id: 'b', v: 2 }, { id: 'c', v: 3 });
    const wanted = store({ id: 'a', v: 1 }, { id: 'b', v: 20 }, { id: 'd', v: 4 });
    expect(storeChanges(current, wanted)).toEqual({
      deleted: ['c'],
      put: {
        keys: ['b', 'd'],
        values: [
          { id: 'b', v: 20 },
          { id: 'd', v: 4 },
        ],
      },
    });
  });

  it('the same data changes nothing; array and number keys compare by value', () => {
    const current = { keys: [2, [1, 'x']], values: [{ v: 2 }, { v: 1 }] };
    expect(storeChanges(current, structuredClone(current))).toEqual({
      deleted: [],
      put: { keys: [], values: [] },
    });
    // [1, 'x'] and ['1', 'x'] are different keys.
    const other = { keys: [2, ['1', 'x']], values: [{ v: 2 }, { v: 1 }] };
    expect(storeChanges(current, other)).toEqual({
      deleted: [[1, 'x']],
      put: { keys: [['1', 'x']], values: [{ v: 1 }] },
    });
  });

  it('rewrites a store when nothing is kept, or a key is of a kind it does not compare', () => {
    expect(storeChanges(store(), store({ id: 'a', v: 1 }))).toBe('rewrite');
    expect(storeChanges(store({ id: 'a', v: 1 }), store({ id: 'b', v: 1 }))).toBe('rewrite');
    expect(storeChanges(store({ id: 'a', v: 1 }), store())).toBe('rewrite');
    const dated = { keys: [new Date(1)], values: [{ v: 1 }] };
    expect(storeChanges(dated, dated)).toBe('rewrite');
    // Saved data out of key order is written whole rather than compared.
    const current = store({ id: 'a', v: 1 }, { id: 'b', v: 2 });
    expect(storeChanges(current, store({ id: 'b', v: 2 }, { id: 'a', v: 1 }))).toBe('rewrite');
  });
});

describe('compareKeys', () => {
  it('orders keys as IndexedDB does', () => {
    const sorted: IDBValidKey[] = [
      -1,
      0,
      2,
      10,
      '',
      '10',
      '2',
      'B',
      'a',
      'a\u0000',
      'é',
      [],
      [0],
      [0, 'a'],
      [1],
      ['a'],
      ['a', 1],
      ['a', 'b'],
      [['a']],
    ];
    for (let i = 0; i < sorted.length; i++)
      for (let j = 0; j < sorted.length; j++)
        expect([sorted[i], sorted[j], Math.sign(compareKeys(sorted[i]!, sorted[j]!)!)]).toEqual([
          sorted[i],
          sorted[j],
          Math.sign(indexedDB.cmp(sorted[i], sorted[j])),
        ]);
    expect(compareKeys(new Date(1), 1)).toBeUndefined();
  });
});
