/**
 * A date-and-time field's two parts (a local calendar date `YYYY-MM-DD` and a 24-hour `HH:MM`)
 * and the ISO 8601 instant they name, both ways. The callers hold ISO instants (what the engine
 * takes); the field shows and edits local time, to the minute.
 */

export interface DateTimeParts {
  /** `YYYY-MM-DD` in local time, or ''. */
  date: string;
  /** `HH:MM` (24-hour) in local time, or ''. */
  time: string;
}

/** Which instant of the minute a value takes: its first, or its last (a range's end). */
export type MinuteEdge = 'start' | 'end';

export type Combined = { iso: string; problem?: undefined } | { iso?: undefined; problem: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date as `YYYY-MM-DD`. */
export function localDateOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local date and time of an ISO instant; empty parts for '' or what is not a date. */
export function partsOf(iso: string): DateTimeParts {
  const ms = Date.parse(iso);
  if (!iso || Number.isNaN(ms)) return { date: '', time: '' };
  const d = new Date(ms);
  return { date: localDateOf(d), time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/** The numbers of a `YYYY-MM-DD` that names a real day, else undefined. */
function dateNumbers(date: string): [number, number, number] | undefined {
  const m = DATE.exec(date.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(y, mo - 1, d);
  if (probe.getFullYear() !== y || probe.getMonth() !== mo - 1 || probe.getDate() !== d)
    return undefined;
  return [y, mo, d];
}

/** The hours and minutes of an `H:MM` or `HH:MM` 24-hour time, else undefined. */
function timeNumbers(time: string): [number, number] | undefined {
  const m = TIME.exec(time.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 23 && min <= 59 ? [h, min] : undefined;
}

/** What is wrong with a typed date (empty is not wrong here), as a sentence that says the fix. */
export function dateProblem(date: string): string | undefined {
  if (date.trim() === '' || dateNumbers(date)) return undefined;
  return 'Enter the date as YYYY-MM-DD (for example 2030-01-31), or pick it from the calendar.';
}

/** What is wrong with a typed time (empty is not wrong here), as a sentence that says the fix. */
export function timeProblem(time: string): string | undefined {
  if (time.trim() === '' || timeNumbers(time)) return undefined;
  return 'Enter the time as HH:MM, 24-hour (for example 17:45).';
}

/** `HH:MM` of a valid typed time (`9:05` → `09:05`); other text as it is. */
export function normalTime(time: string): string {
  const t = timeNumbers(time);
  return t ? `${pad(t[0])}:${pad(t[1])}` : time.trim();
}

/**
 * The ISO instant of a date and a time in local time, '' when both are empty, or what is wrong.
 * A date without a time takes `defaultTime`; a minute's `end` is its last millisecond, so a range
 * "to 10:15" includes an event at 10:15:42.
 */
export function combineParts(
  parts: DateTimeParts,
  options: { edge?: MinuteEdge; defaultTime?: string } = {},
): Combined {
  const date = parts.date.trim();
  const time = parts.time.trim();
  if (date === '' && time === '') return { iso: '' };
  if (date === '') return { problem: 'Pick a date as well, or clear the time.' };
  const dateWrong = dateProblem(date);
  if (dateWrong) return { problem: dateWrong };
  const timeWrong = timeProblem(time);
  if (timeWrong) return { problem: timeWrong };
  const d = dateNumbers(date);
  const t = timeNumbers(time === '' ? (options.defaultTime ?? '00:00') : time);
  if (!d || !t) return { problem: 'Enter a date and a time.' };
  const ms = new Date(d[0], d[1] - 1, d[2], t[0], t[1]).getTime();
  return { iso: new Date(options.edge === 'end' ? ms + 59_999 : ms).toISOString() };
}
