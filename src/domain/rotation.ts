/**
 * Rotation policy rules of SPEC.md sections 5, 7 and 13: the 1–12 month interval, and how a
 * rotation date is computed. Pure, so the engine and the console compute dates alike.
 *
 * A rotation policy's month is 30 days, as Key Protect counts it ("every 2 months" = every 60
 * days): `addRotationMonths`; the demo clock's "+1 month" step is the same 30 days.
 */
import { ROTATION_MIN_INTERVAL } from './time';
import type { RotationPolicy } from './types';

/** Days in one month of a rotation policy's interval (Key Protect's unit). */
export const ROTATION_MONTH_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `ms` moved forward by `months` rotation months of 30 days each. */
export function addRotationMonths(ms: number, months: number): number {
  return ms + months * ROTATION_MONTH_DAYS * DAY_MS;
}

/**
 * SPEC section 4: a key is rotated at most once an hour (a sooner rotation is refused with
 * KEY_ROTATION_NOT_PERMITTED). When a key last rotated at `lastRotateMs` may rotate again, or
 * undefined when it may rotate at `now` (it never rotated, or the hour has passed).
 */
export function rotationAllowedFrom(
  lastRotateMs: number | undefined,
  now: number,
): number | undefined {
  if (lastRotateMs === undefined) return undefined;
  const from = lastRotateMs + ROTATION_MIN_INTERVAL;
  return now < from ? from : undefined;
}

export const ROTATION_INTERVAL_MIN = 1;
export const ROTATION_INTERVAL_MAX = 12;

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
