/** CSV files the console exports (events, keys): RFC 4180, safe to open in a spreadsheet. */

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading `'`,
 * as OWASP's CSV injection advice says: exported fields hold names any Writer typed.
 */
export function csvField(value: string | number | undefined): string {
  const raw = value === undefined ? '' : String(value);
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A column: its header and how a row's value is read. */
export type CsvColumn<T> = readonly [string, (row: T) => string | number | undefined];

/** A header row, then one line per row; CRLF line ends as RFC 4180 has them. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [
    columns.map(([name]) => name),
    ...rows.map((row) => columns.map(([, read]) => csvField(read(row)))),
  ];
  return lines.map((line) => `${line.join(',')}\r\n`).join('');
}
