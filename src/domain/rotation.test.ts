/** Rotation months (30 days) and the 1–12 month interval rule of rotation policies. */
import { describe, expect, it } from 'vitest';
import {
  addRotationMonths,
  ROTATION_MONTH_DAYS,
  rotationAllowedFrom,
  rotationIntervalProblem,
  rotationPolicyProblem,
} from './rotation';
import { HOUR, MINUTE } from './time';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();

describe('addRotationMonths', () => {
  it('a month is 30 days, as Key Protect counts it (every 2 months = every 60 days)', () => {
    expect(iso(addRotationMonths(at('2026-01-31T00:00:00.000Z'), 1))).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    expect(addRotationMonths(0, 2)).toBe(60 * 24 * 60 * 60 * 1000);
    expect(ROTATION_MONTH_DAYS).toBe(30);
  });
});

describe('rotation interval', () => {
  it('accepts whole numbers 1 to 12', () => {
    for (let n = 1; n <= 12; n++) expect(rotationIntervalProblem(n)).toBeUndefined();
  });

  it.each([0, 13, -1, 1.5, '3', null, undefined, Number.NaN])('refuses %j', (value) => {
    expect(rotationIntervalProblem(value)).toBeDefined();
  });

  it('names the field of a bad policy', () => {
    expect(rotationPolicyProblem({ enabled: true, interval_month: 3 })).toBeUndefined();
    expect(rotationPolicyProblem({ enabled: 'yes', interval_month: 3 })?.field).toBe(
      'rotation.enabled',
    );
    expect(rotationPolicyProblem({ enabled: false, interval_month: 0 })?.field).toBe(
      'rotation.interval_month',
    );
    expect(rotationPolicyProblem(undefined)?.field).toBe('rotation');
  });
});

describe('rotationAllowedFrom (once an hour)', () => {
  const last = at('2026-12-02T10:00:00.000Z');
  it('a key never rotated may rotate now', () => {
    expect(rotationAllowedFrom(undefined, last)).toBeUndefined();
  });
  it('within the hour of the last rotation: from exactly an hour after it', () => {
    expect(rotationAllowedFrom(last, last)).toBe(last + HOUR);
    expect(rotationAllowedFrom(last, last + 59 * MINUTE)).toBe(last + HOUR);
    expect(rotationAllowedFrom(last, last + HOUR - 1)).toBe(last + HOUR);
  });
  it('an hour after it, and later: now', () => {
    expect(rotationAllowedFrom(last, last + HOUR)).toBeUndefined();
    expect(rotationAllowedFrom(last, last + 5 * HOUR)).toBeUndefined();
  });
});
