/** Calendar-month arithmetic and the 1–12 month interval rule of rotation policies. */
import { describe, expect, it } from 'vitest';
import { addCalendarMonths, rotationIntervalProblem, rotationPolicyProblem } from './rotation';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();

describe('addCalendarMonths', () => {
  it.each([
    ['2026-01-15T10:30:00.000Z', 3, '2026-04-15T10:30:00.000Z'],
    ['2026-01-31T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-03-31T23:59:59.999Z', 1, '2026-04-30T23:59:59.999Z'],
    ['2026-12-15T00:00:00.000Z', 1, '2027-01-15T00:00:00.000Z'],
    ['2026-05-20T08:00:00.000Z', 12, '2027-05-20T08:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', 3, '2027-02-28T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(iso(addCalendarMonths(at(from), months))).toBe(expected);
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
