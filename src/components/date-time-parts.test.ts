/** A date-and-time field's parts and the ISO instant they name, both ways, and the typed-text checks. */
import { describe, expect, it } from 'vitest';
import {
  combineParts,
  dateProblem,
  localDateOf,
  normalTime,
  partsOf,
  timeProblem,
} from './date-time-parts';

describe('parts of an instant', () => {
  it('gives the local date and the 24-hour time, to the minute', () => {
    const iso = new Date(2026, 2, 4, 17, 6, 42).toISOString();
    expect(partsOf(iso)).toEqual({ date: '2026-03-04', time: '17:06' });
  });
  it('gives empty parts for no value or what is not a date', () => {
    expect(partsOf('')).toEqual({ date: '', time: '' });
    expect(partsOf('yesterday')).toEqual({ date: '', time: '' });
  });
  it('writes a local date with zero padding', () => {
    expect(localDateOf(new Date(2031, 0, 9))).toBe('2031-01-09');
  });
});

describe('combining the parts', () => {
  it('round-trips through an ISO instant in local time', () => {
    const { iso } = combineParts({ date: '2026-03-04', time: '05:06' });
    expect(iso).toBe(new Date(2026, 2, 4, 5, 6).toISOString());
    expect(partsOf(iso!)).toEqual({ date: '2026-03-04', time: '05:06' });
  });
  it('takes the whole minute as the end of a range', () => {
    const start = Date.parse(combineParts({ date: '2026-03-04', time: '05:06' }).iso!);
    const end = Date.parse(
      combineParts({ date: '2026-03-04', time: '05:06' }, { edge: 'end' }).iso!,
    );
    expect(end - start).toBe(59_999);
    expect(partsOf(new Date(end).toISOString())).toEqual({ date: '2026-03-04', time: '05:06' });
  });
  it('gives a date without a time the default time (midnight unless told)', () => {
    expect(combineParts({ date: '2026-03-04', time: '' }).iso).toBe(
      new Date(2026, 2, 4, 0, 0).toISOString(),
    );
    expect(combineParts({ date: '2026-03-04', time: '' }, { defaultTime: '23:59' }).iso).toBe(
      new Date(2026, 2, 4, 23, 59).toISOString(),
    );
  });
  it('accepts a one-digit hour', () => {
    expect(combineParts({ date: '2026-03-04', time: '9:05' }).iso).toBe(
      new Date(2026, 2, 4, 9, 5).toISOString(),
    );
    expect(normalTime(' 9:05 ')).toBe('09:05');
    expect(normalTime('9.05')).toBe('9.05');
  });
  it('is no value when both parts are empty', () => {
    expect(combineParts({ date: '', time: '' })).toEqual({ iso: '' });
  });
  it('says what is wrong, and how to fix it', () => {
    expect(combineParts({ date: '', time: '10:00' }).problem).toBe(
      'Pick a date as well, or clear the time.',
    );
    expect(combineParts({ date: '2026-02-30', time: '10:00' }).problem).toMatch(/YYYY-MM-DD/);
    expect(combineParts({ date: '2026-03-04', time: '25:00' }).problem).toMatch(/HH:MM, 24-hour/);
  });
});

describe('typed text', () => {
  it.each(['2026-03-04', '2028-02-29', ''])('accepts the date %j', (date) => {
    expect(dateProblem(date)).toBeUndefined();
  });
  it.each(['2026-02-29', '2026-13-01', '03/04/2026', 'tomorrow', '2026-3-4'])(
    'refuses the date %j',
    (date) => {
      expect(dateProblem(date)).toMatch(/^Enter the date as YYYY-MM-DD/);
    },
  );
  it.each(['00:00', '23:59', '7:30', ''])('accepts the time %j', (time) => {
    expect(timeProblem(time)).toBeUndefined();
  });
  it.each(['24:00', '12:60', '1230', '7pm', '12:5'])('refuses the time %j', (time) => {
    expect(timeProblem(time)).toMatch(/^Enter the time as HH:MM, 24-hour/);
  });
});
