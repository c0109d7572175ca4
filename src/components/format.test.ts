import { describe, expect, it } from 'vitest';
import {
  agree,
  formatBytes,
  formatCount,
  formatDate,
  formatDatesIn,
  formatUtc,
  plural,
} from './format';

describe('console formats', () => {
  it('counts: singular for exactly one, grouped digits, an irregular plural when given', () => {
    expect(plural(1, 'key')).toBe('1 key');
    expect(plural(0, 'key')).toBe('0 keys');
    expect(plural(2, 'deleted key')).toBe('2 deleted keys');
    expect(plural(1234, 'event')).toBe(`${formatCount(1234)} events`);
    expect(plural(2, 'policy', 'policies')).toBe('2 policies');
    expect(agree(1, 'loses', 'lose')).toBe('loses');
    expect(agree(3, 'loses', 'lose')).toBe('lose');
  });

  it('sizes in binary units, one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe(`${formatCount(1023)} B`);
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1331)).toBe('1.3 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
    expect(formatBytes(5000 * 1024 ** 4)).toBe('5000 TiB');
  });

  it('UTC dates read the same in every time zone', () => {
    expect(formatUtc('2026-12-02T07:40:05.000Z')).toBe('02/12/2026, 07:40:05 UTC');
    expect(formatUtc(Date.parse('2026-01-31T23:59:59Z'))).toBe('31/01/2026, 23:59:59 UTC');
  });

  it('dates inside an engine message read in the console format, seconds included', () => {
    const at = '2026-12-02T16:46:52.123Z';
    const message = `The key was already deleted at ${at}: there is nothing more to delete.`;
    expect(formatDatesIn(message)).toBe(
      `The key was already deleted at ${formatDate(at, true)}: there is nothing more to delete.`,
    );
    expect(formatDatesIn(message)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(
      formatDatesIn('rotated at 2026-12-02T10:00:00Z. Try again after 2026-12-02T11:00:00+01:00.'),
    ).toBe(
      `rotated at ${formatDate('2026-12-02T10:00:00Z', true)}. Try again after ${formatDate('2026-12-02T10:00:00Z', true)}.`,
    );
    // A date without a time or zone, and text without dates, stay as they are.
    expect(formatDatesIn('retention until 2026-12-02, key k-2026-12')).toBe(
      'retention until 2026-12-02, key k-2026-12',
    );
  });
});
