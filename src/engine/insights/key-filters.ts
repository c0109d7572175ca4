/**
 * The keys page's filters that the dashboard's posture links need (issue 11): expiring within N
 * days, rotation due within N days, no rotation policy, dual authorization on or off, not used
 * for N days. One predicate serves `listKeys` and the dashboard's counts, so a posture figure and
 * the list it links to can never disagree.
 */
import { invalidField } from '../../domain/errors';
import type { KeyListFilter } from '../../domain/insights';
import { DAY } from '../../domain/time';
import type { KeyRecord, KeyUsageRecord } from '../store/records';
import { unusedSince } from './key-usage';

export const MAX_FILTER_DAYS = 3650;

type ExtraFilter = Pick<
  KeyListFilter,
  | 'expiringWithinDays'
  | 'rotationDueWithinDays'
  | 'noRotationPolicy'
  | 'dualAuthDelete'
  | 'notUsedForDays'
>;

function checkDays(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_FILTER_DAYS)
    throw invalidField(field, `must be a whole number of days, 1–${MAX_FILTER_DAYS}`);
  return value;
}

function checkBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, 'must be true or false');
  return value;
}

/** Whether the query uses any of these filters (and needs key usage for `notUsedForDays`). */
export function usesExtraFilters(query: ExtraFilter): { any: boolean; usage: boolean } {
  const any =
    query.expiringWithinDays !== undefined ||
    query.rotationDueWithinDays !== undefined ||
    query.noRotationPolicy !== undefined ||
    query.dualAuthDelete !== undefined ||
    query.notUsedForDays !== undefined;
  return { any, usage: query.notUsedForDays !== undefined };
}

export interface FilterUsage {
  records: Map<string, KeyUsageRecord>;
  trackingSince: number;
}

/**
 * The test a key must pass for these filters at `now`; throws 400 INVALID_FIELD_ERR on a bad
 * value. `usage` is needed only with `notUsedForDays`.
 */
export function extraKeyFilter(
  query: ExtraFilter,
  now: number,
  usage?: FilterUsage,
): (key: KeyRecord) => boolean {
  const expiring = checkDays('expiringWithinDays', query.expiringWithinDays);
  const rotation = checkDays('rotationDueWithinDays', query.rotationDueWithinDays);
  const noPolicy = checkBoolean('noRotationPolicy', query.noRotationPolicy);
  const dualAuth = checkBoolean('dualAuthDelete', query.dualAuthDelete);
  const unused = checkDays('notUsedForDays', query.notUsedForDays);
  return (k) => {
    if (
      expiring !== undefined &&
      !(
        k.expirationDate !== undefined &&
        k.expirationDate > now &&
        k.expirationDate <= now + expiring * DAY
      )
    )
      return false;
    if (
      rotation !== undefined &&
      !(
        k.rotationDueAt !== undefined &&
        k.rotationDueAt > now &&
        k.rotationDueAt <= now + rotation * DAY
      )
    )
      return false;
    if (noPolicy !== undefined && hasNoRotationPolicy(k) !== noPolicy) return false;
    if (dualAuth !== undefined && k.dualAuthEnabled !== dualAuth) return false;
    if (unused !== undefined) {
      if (!usage) return false;
      if (
        !unusedSince(
          usage.records.get(k.id),
          k.creationDate,
          usage.trackingSince,
          now - unused * DAY,
        )
      )
        return false;
    }
    return true;
  };
}

/** A root key whose rotation policy is not enabled (standard keys cannot have one). */
export function hasNoRotationPolicy(k: KeyRecord): boolean {
  return !k.extractable && k.rotation?.enabled !== true;
}
