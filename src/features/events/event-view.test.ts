/** The events page's URL: what it reads and what it writes. */
import { describe, expect, it } from 'vitest';
import {
  hasFilters,
  readView,
  toQuery,
  withFilters,
  withoutFilters,
  withPage,
  withRoutineReads,
  viewQuery,
} from './event-view';

const params = (text: string) => new URLSearchParams(text);

describe('readView', () => {
  it('reads every filter, the search and the page', () => {
    const view = readView(
      params(
        'action=kms.secrets.&initiator=user-reader&target=abc&outcome=failure&from=2026-01-01T00:00:00.000Z&to=2026-01-02T00:00:00.000Z&q=wrap&page=3&size=20',
      ),
    );
    expect(view).toEqual({
      filters: {
        action: 'kms.secrets.',
        initiator: 'user-reader',
        target: 'abc',
        outcome: 'failure',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-02T00:00:00.000Z',
        search: 'wrap',
      },
      hideRoutineReads: true,
      page: 3,
      pageSize: 20,
    });
    expect(toQuery(view.filters)).toEqual({
      action: 'kms.secrets.',
      initiatorId: 'user-reader',
      target: 'abc',
      outcome: 'failure',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      search: 'wrap',
    });
  });

  it('falls back to defaults for missing or nonsense values', () => {
    const view = readView(params('outcome=maybe&page=-2&size=7'));
    expect(view.filters.outcome).toBe('');
    expect(view.page).toBe(1);
    expect(view.pageSize).toBe(50);
    expect(hasFilters(view.filters)).toBe(false);
    expect(toQuery(view.filters)).toEqual({});
    expect(toQuery(readView(params('q=%20%20')).filters)).toEqual({});
  });
});

describe('writing the URL', () => {
  it('sets and removes filters, back to page 1, keeping the page size', () => {
    const next = withFilters(params('action=kms.&page=4&size=100'), {
      action: '',
      outcome: 'success',
      search: 'rhea',
    });
    expect(next.toString()).toBe('size=100&outcome=success&q=rhea');
  });

  it('clears every filter but keeps the page size', () => {
    const cleared = withoutFilters(params('action=kms.&q=x&target=t&page=2&size=20'));
    expect(cleared.toString()).toBe('size=20');
  });

  it('writes the page and size only when not the defaults', () => {
    expect(withPage(params('q=x'), 2, 50).toString()).toBe('q=x&page=2');
    expect(withPage(params('q=x&page=2&size=20'), 1, 50).toString()).toBe('q=x');
  });
});

describe('routine reads', () => {
  it('are hidden unless the URL says reads=all, and the engine query says so', () => {
    expect(readView(params('')).hideRoutineReads).toBe(true);
    expect(viewQuery(readView(params('action=kms.')))).toEqual({
      action: 'kms.',
      routineReads: false,
    });
    expect(viewQuery(readView(params('reads=all&action=kms.')))).toEqual({ action: 'kms.' });
    expect(withRoutineReads(params('q=x&page=3'), false).toString()).toBe('q=x&reads=all');
    expect(withRoutineReads(params('q=x&reads=all&page=3'), true).toString()).toBe('q=x');
    expect(withoutFilters(params('q=x&reads=all')).toString()).toBe('reads=all');
  });
});
