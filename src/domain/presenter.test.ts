import { describe, expect, it } from 'vitest';
import { formatAhead } from './presenter';
import { SCENARIOS, stepHref } from './scenarios';

describe('presenter wording', () => {
  it('says how far the demo clock runs ahead', () => {
    expect(formatAhead(45_000)).toBe('45 s');
    expect(formatAhead(125 * 60_000)).toBe('2 h 5 min');
    expect(formatAhead(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatAhead(400 * 86_400_000)).toBe('1 y 35 d');
  });

  it('fills a step link from the walkthrough subjects, or falls back', () => {
    const step = SCENARIOS[0]!.steps[0]!;
    expect(stepHref(step, { bucket: 'customer-records' })).toBe('/buckets/customer-records');
    expect(stepHref(step, {})).toBe('/buckets');
  });

  it('every scenario has a walkthrough whose steps are completed by some event', () => {
    for (const s of SCENARIOS) {
      expect(s.steps.length).toBeGreaterThan(0);
      for (const step of s.steps) expect(step.completedBy.length).toBeGreaterThan(0);
    }
  });
});
