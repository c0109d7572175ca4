/**
 * The keys page's list state, kept in the URL so every search, filter, sort and page is a deep
 * link and back/forward work: `q`, `state` (comma-separated state numbers), `type`, `ring`,
 * `sort` (a field, `-` for descending), `page`, `size`; and the dashboard's posture filters
 * (issue 11): `expiring` and `rotation` (within N days), `norotation=1` (root keys without a
 * rotation policy), `dualauth` (`on`/`off`), `unused` (not used for N days).
 */
import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import type { ListKeysQuery } from '../../../domain/api';
import { isKeyState, type KeyState } from '../../../domain/key-state';

export const PAGE_SIZES = [20, 50, 100, 200];
export const DEFAULT_STATES: KeyState[] = [1, 2, 3];
/** Every state the filter offers; an empty selection (its tag cleared) means all of them. */
export const ALL_STATES: KeyState[] = [1, 2, 3, 5];
const DEFAULT_SORT = '-creationDate';

export interface KeysListState {
  search: string;
  states: KeyState[];
  type: 'root' | 'standard' | undefined;
  ring: string | undefined;
  sort: string;
  page: number;
  pageSize: number;
  expiringDays?: number | undefined;
  rotationDays?: number | undefined;
  noRotationPolicy?: boolean | undefined;
  dualAuth?: boolean | undefined;
  unusedDays?: number | undefined;
}

/** Days for a "within N days" filter: a whole number 1–3650, else none. */
function days(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 1 && n <= 3650 ? n : undefined;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Reads the list state from URL parameters (defaults for anything absent or invalid). */
export function readState(params: URLSearchParams): KeysListState {
  const stateParam = params.get('state');
  const states =
    stateParam === null ? DEFAULT_STATES : stateParam.split(',').map(Number).filter(isKeyState);
  const type = params.get('type');
  const size = positive(params.get('size'), 50);
  return {
    search: params.get('q') ?? '',
    states,
    type: type === 'root' || type === 'standard' ? type : undefined,
    ring: params.get('ring') ?? undefined,
    sort: params.get('sort') ?? DEFAULT_SORT,
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 50,
    expiringDays: days(params.get('expiring')),
    rotationDays: days(params.get('rotation')),
    noRotationPolicy: params.get('norotation') === '1' ? true : undefined,
    dualAuth:
      params.get('dualauth') === 'on' ? true : params.get('dualauth') === 'off' ? false : undefined,
    unusedDays: days(params.get('unused')),
  };
}

function writeState(state: KeysListState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.search) out.set('q', state.search);
  if (state.states.join(',') !== DEFAULT_STATES.join(',')) out.set('state', state.states.join(','));
  if (state.type) out.set('type', state.type);
  if (state.ring) out.set('ring', state.ring);
  if (state.sort !== DEFAULT_SORT) out.set('sort', state.sort);
  if (state.page !== 1) out.set('page', String(state.page));
  if (state.pageSize !== 50) out.set('size', String(state.pageSize));
  if (state.expiringDays) out.set('expiring', String(state.expiringDays));
  if (state.rotationDays) out.set('rotation', String(state.rotationDays));
  if (state.noRotationPolicy) out.set('norotation', '1');
  if (state.dualAuth !== undefined) out.set('dualauth', state.dualAuth ? 'on' : 'off');
  if (state.unusedDays) out.set('unused', String(state.unusedDays));
  return out;
}

/**
 * The list state and its setter. `onChange` hears each new state as it is set, before the router
 * renders it (the keys page starts that state's engine read there, not a render later).
 */
export function useKeysListState(
  onChange?: (next: KeysListState) => void,
): [KeysListState, (next: Partial<KeysListState>) => void] {
  const [params, setParams] = useSearchParams();
  const heard = useRef(onChange);
  useEffect(() => {
    heard.current = onChange;
  });
  // Changes only with the URL (react-router's setter does), so effects may depend on it.
  const update = useCallback(
    (next: Partial<KeysListState>) =>
      setParams((current) => {
        const merged = { ...readState(current), ...next };
        // Any change but paging itself starts again at page 1.
        if (!('page' in next)) merged.page = 1;
        heard.current?.(merged);
        return writeState(merged);
      }),
    [setParams],
  );
  return [readState(params), update];
}

/** Whether the list is narrowed from its default (search, a filter, other states). */
export function isFiltered(list: KeysListState): boolean {
  return (
    list.search !== '' ||
    list.type !== undefined ||
    list.ring !== undefined ||
    list.states.join() !== DEFAULT_STATES.join() ||
    hasPostureFilter(list)
  );
}

type Posture = Pick<
  KeysListState,
  'expiringDays' | 'rotationDays' | 'noRotationPolicy' | 'dualAuth' | 'unusedDays'
>;

export const NO_POSTURE_FILTER: { [K in keyof Required<Posture>]: undefined } = {
  expiringDays: undefined,
  rotationDays: undefined,
  noRotationPolicy: undefined,
  dualAuth: undefined,
  unusedDays: undefined,
};

export function hasPostureFilter(state: KeysListState): boolean {
  return (Object.keys(NO_POSTURE_FILTER) as (keyof Posture)[]).some((k) => state[k] !== undefined);
}

export function toListQuery(state: KeysListState): ListKeysQuery {
  return {
    offset: (state.page - 1) * state.pageSize,
    limit: state.pageSize,
    state: state.states.length > 0 ? state.states : ALL_STATES,
    sort: state.sort,
    ...(state.search ? { search: state.search } : {}),
    ...(state.type ? { extractable: state.type === 'standard' } : {}),
    ...(state.ring ? { keyRingID: state.ring } : {}),
    ...postureQuery(state),
  };
}

/** The posture filters as engine query fields. */
function postureQuery(state: KeysListState): Partial<ListKeysQuery> {
  const query: Partial<ListKeysQuery> = {};
  if (state.expiringDays) query.expiringWithinDays = state.expiringDays;
  if (state.rotationDays) query.rotationDueWithinDays = state.rotationDays;
  if (state.noRotationPolicy) query.noRotationPolicy = true;
  if (state.dualAuth !== undefined) query.dualAuthDelete = state.dualAuth;
  if (state.unusedDays) query.notUsedForDays = state.unusedDays;
  return query;
}
