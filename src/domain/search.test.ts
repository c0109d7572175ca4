import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesKeySearch, parseKeySearch } from './search';

const key = (name: string, ...aliases: string[]) => ({ name, aliases });
const matches = (query: string, k: { id?: string; name: string; aliases: string[] }) =>
  matchesKeySearch(parseKeySearch(query), k);

describe('parseKeySearch', () => {
  it('reads a bare term as a substring of name or alias', () => {
    expect(parseKeySearch('pay')).toEqual({
      term: 'pay',
      negate: false,
      exact: false,
      field: 'any',
    });
  });
  it('reads every prefix, in any order', () => {
    expect(parseKeySearch('name:pay')).toMatchObject({ term: 'pay', field: 'name' });
    expect(parseKeySearch('alias:pay')).toMatchObject({ term: 'pay', field: 'alias' });
    expect(parseKeySearch('exact:pay')).toMatchObject({ term: 'pay', exact: true });
    expect(parseKeySearch('not:pay')).toMatchObject({ term: 'pay', negate: true });
    const all = { term: 'pay', negate: true, exact: true, field: 'alias' };
    expect(parseKeySearch('not:exact:alias:pay')).toEqual(all);
    expect(parseKeySearch('alias:exact:not:pay')).toEqual(all);
    expect(parseKeySearch('exact:not:alias:pay')).toEqual(all);
  });
  it('name: and alias: together search both (Key Protect: either matches)', () => {
    expect(parseKeySearch('name:alias:x')).toEqual({
      term: 'x',
      negate: false,
      exact: false,
      field: 'any',
    });
  });
  it('escape: ends the prefixes: the rest is the term, prefixes and all', () => {
    expect(parseKeySearch('escape:not:x')).toMatchObject({ term: 'not:x', negate: false });
    expect(parseKeySearch('exact:escape:name:x')).toMatchObject({
      term: 'name:x',
      exact: true,
      field: 'any',
    });
  });
  it('keeps other colons in the term', () => {
    expect(parseKeySearch('crn:v1')).toMatchObject({ term: 'crn:v1', field: 'any' });
  });
});

describe('matchesKeySearch', () => {
  const payments = key('Payments Root', 'pay-root', 'billing');
  const other = key('Backups', 'nightly');

  it('matches a case-insensitive substring of the name or any alias', () => {
    expect(matches('payments', payments)).toBe(true);
    expect(matches('ROOT', payments)).toBe(true);
    expect(matches('bill', payments)).toBe(true);
    expect(matches('bill', other)).toBe(false);
  });
  it('name: looks at the name only, alias: at aliases only', () => {
    expect(matches('name:bill', payments)).toBe(false);
    expect(matches('name:pay', payments)).toBe(true);
    expect(matches('alias:payments', payments)).toBe(false);
    expect(matches('alias:PAY-R', payments)).toBe(true);
  });
  it('exact: needs the whole value, case-insensitively (as Key Protect)', () => {
    expect(matches('exact:billing', payments)).toBe(true);
    expect(matches('exact:Billing', payments)).toBe(true);
    expect(matches('exact:bill', payments)).toBe(false);
    expect(matches('exact:Payments Root', payments)).toBe(true);
    expect(matches('exact:name:billing', payments)).toBe(false);
    expect(matches('exact:alias:billing', payments)).toBe(true);
  });
  it('not: inverts the match', () => {
    expect(matches('not:pay', payments)).toBe(false);
    expect(matches('not:pay', other)).toBe(true);
    expect(matches('not:exact:bill', payments)).toBe(true);
    expect(matches('not:alias:nightly', other)).toBe(false);
    expect(matches('not:name:nightly', other)).toBe(true);
  });
  it('name: with alias: matches either; escape: searches a literal prefix', () => {
    expect(matches('name:alias:nightly', other)).toBe(true);
    expect(matches('alias:name:backups', other)).toBe(true);
    expect(matches('escape:not:x', key('not:xy'))).toBe(true);
    expect(matches('escape:not:x', key('xy'))).toBe(false);
  });
  it('a full key id as the term finds that key (any case)', () => {
    const id = '0a1b2c3d-0000-4000-8000-000000000001';
    expect(matches(id.toUpperCase(), { id, name: 'n', aliases: [] })).toBe(true);
    expect(
      matches(id, { id: '0a1b2c3d-0000-4000-8000-000000000002', name: 'n', aliases: [] }),
    ).toBe(false);
  });
  it('a key without aliases never matches alias:', () => {
    expect(matches('alias:a', key('abc'))).toBe(false);
    expect(matches('not:alias:a', key('abc'))).toBe(true);
  });
  it('not: is always the exact complement', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'name:', 'alias:', 'exact:', 'exact:alias:'),
        fc.string({ maxLength: 4 }),
        fc.string({ minLength: 2, maxLength: 8 }),
        fc.array(fc.string({ minLength: 2, maxLength: 8 }), { maxLength: 3 }),
        (prefix, term, name, aliases) => {
          const k = key(name, ...aliases);
          expect(matches(`not:${prefix}${term}`, k)).toBe(!matches(`${prefix}${term}`, k));
        },
      ),
      { numRuns: 200 },
    );
  });
});
