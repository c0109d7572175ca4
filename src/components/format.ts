/**
 * How the console writes numbers, counts, sizes and dates: one format for each, in the user's
 * locale (UTC where a ceremony needs one clock for every custodian).
 */

/** A count with the locale's grouping: 12,345. */
export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** A count and its noun, singular for exactly one: "1 key", "2 keys", "1,024 events". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A verb agreeing with a count: `agree(1, 'loses', 'lose')` is "loses". */
export function agree(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A size in bytes, binary units: 512 B, 1.5 KiB, 12 MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const preciseFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const preciseTimeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const utcFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * A date (ISO string or ms): `precise` adds seconds (events, where order within a minute
 * matters); `day` leaves out the time (dense tables; the exact moment is on hover).
 */
export function formatDate(when: string | number, precise: boolean | 'day' = false): string {
  const format = precise === 'day' ? dayFormat : precise ? preciseFormat : dateFormat;
  return format.format(new Date(when));
}

/** The time of day only; `precise` adds seconds. */
export function formatTime(when: string | number, precise = false): string {
  return (precise ? preciseTimeFormat : timeFormat).format(new Date(when));
}

/** A date in UTC, the same for every reader whatever their zone: "02/12/2026, 07:40:00 UTC". */
export function formatUtc(when: string | number): string {
  return `${utcFormat.format(new Date(when))} UTC`;
}

/** An ISO-8601 instant (with its zone) as the engine writes it inside a message. */
const ISO_INSTANT =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A message of the engine (a refusal's detail) with each ISO instant in it written in the
 * console's date format, seconds included: "already deleted at 2026-12-02T16:46:52.123Z" reads
 * "already deleted at Dec 2, 2026, 4:46:52 PM". The API keeps ISO; people read this.
 */
export function formatDatesIn(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? iso : formatDate(ms, true);
  });
}
