/**
 * Rotation policy rules of SPEC.md sections 5, 7 and 13: the 1–12 month interval, and how a
 * rotation date is computed. Pure, so the engine and the console compute dates alike.
 *
 * Why calendar months: "every 3 months" means the same day of the month three months later
 * (15 Jan → 15 Apr), as people read it, not a fixed number of days. A day that does not exist in
 * the target month becomes that month's last day (31 Jan + 1 month → 28 or 29 Feb). UTC throughout.
 */
import type { RotationPolicy } from './types';

export const ROTATION_INTERVAL_MIN = 1;
export const ROTATION_INTERVAL_MAX = 12;

/** `ms` moved forward by `months` calendar months (UTC), clamped to the target month's end. */
export function addCalendarMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

/** The problem with a rotation interval, or undefined when it is a whole number of 1–12 months. */
export function rotationIntervalProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `give a whole number of months from ${ROTATION_INTERVAL_MIN} to ${ROTATION_INTERVAL_MAX}`;
  if (value < ROTATION_INTERVAL_MIN || value > ROTATION_INTERVAL_MAX)
    return `rotate every ${ROTATION_INTERVAL_MIN}–${ROTATION_INTERVAL_MAX} months (this is ${value})`;
  return undefined;
}

/** The problem with a whole rotation policy, naming the field, or undefined when it is valid. */
export function rotationPolicyProblem(
  policy: unknown,
): { field: string; problem: string } | undefined {
  if (typeof policy !== 'object' || policy === null)
    return { field: 'rotation', problem: 'give {enabled, interval_month}' };
  const p = policy as Partial<RotationPolicy>;
  if (typeof p.enabled !== 'boolean')
    return { field: 'rotation.enabled', problem: 'must be true or false' };
  const problem = rotationIntervalProblem(p.interval_month);
  return problem ? { field: 'rotation.interval_month', problem } : undefined;
}
