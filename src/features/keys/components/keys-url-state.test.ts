/**
 * The dashboard's links and the keys page agree: every posture filter the engine names, turned
 * into a keys-page URL, reads back as the same engine query; bad values are ignored.
 */
import { describe, expect, it } from 'vitest';
import { keysListHref } from '../../../client/keys-list-href';
import type { KeyListFilter } from '../../../domain/insights';
import { readState, toListQuery } from './keys-url-state';

function roundTrip(filter: KeyListFilter) {
  const href = keysListHref(filter);
  const query = toListQuery(readState(new URLSearchParams(href.split('?')[1] ?? '')));
  const { offset: _o, limit: _l, sort: _s, ...rest } = query;
  return rest;
}

describe('keys list URL', () => {
  it.each<KeyListFilter>([
    { extractable: false, noRotationPolicy: true },
    { expiringWithinDays: 30 },
    { rotationDueWithinDays: 90 },
    { dualAuthDelete: false },
    { dualAuthDelete: true },
    { extractable: false, notUsedForDays: 90 },
    { state: [5], extractable: true },
  ])('reads back %j', (filter) => {
    expect(roundTrip(filter)).toEqual({ state: [1, 2, 3], ...filter });
  });

  it('ignores values out of range', () => {
    const state = readState(
      new URLSearchParams('expiring=0&rotation=x&unused=99999&dualauth=maybe'),
    );
    expect(toListQuery(state)).not.toHaveProperty('expiringWithinDays');
    expect(toListQuery(state)).not.toHaveProperty('rotationDueWithinDays');
    expect(toListQuery(state)).not.toHaveProperty('notUsedForDays');
    expect(toListQuery(state)).not.toHaveProperty('dualAuthDelete');
  });

  it('reads a cleared state filter as every state, not none', () => {
    const state = readState(new URLSearchParams('state='));
    expect(state.states).toEqual([]);
    expect(toListQuery(state).state).toEqual([1, 2, 3, 5]);
  });
});
