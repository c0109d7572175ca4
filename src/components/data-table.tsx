/**
 * A plain table driven by a columns array: Carbon's TableContainer (title, description, toolbar)
 * around Carbon's Table, one header per column and one row per item. For the tables that only
 * list things; the ones that sort, page or select rows (keys, events, history, objects) stay
 * bespoke.
 */
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  TableToolbar,
  TableToolbarContent,
} from '@carbon/react';
import type { ReactNode } from 'react';

/**
 * The class of a column's header and cells left out below 672 px (src/app/styles.scss); for
 * bespoke tables too (the events table).
 */
export const WIDE_COLUMN = 'kw-col-wide';
const cellClass = (c: { className?: string; wide?: boolean }) =>
  [c.className, c.wide ? WIDE_COLUMN : undefined].filter(Boolean).join(' ') || undefined;

/** `data-*` attributes, for a row or the table (what tests and scripts select). */
type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined };

export interface Column<Row> {
  key: string;
  header: ReactNode;
  /** Whether the header is for screen readers only (a column of row actions). */
  hideHeader?: boolean;
  cell: (row: Row) => ReactNode;
  /** On each body cell of the column. */
  className?: string;
  /**
   * Left out below 672 px, where the columns that name a row and its actions take the width
   * (the table would otherwise scroll sideways and cut off its row actions).
   */
  wide?: boolean;
}

export type DataTableProps<Row> = {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Attributes of a row's `<tr>`: an id to scroll to, a highlight class, test ids. */
  rowProps?: (row: Row) => { id?: string; className?: string } & DataAttributes;
  /** The table's name (a title, where there is one, names it for screen readers first). */
  'aria-label': string;
  title?: ReactNode;
  description?: ReactNode;
  /** On the container. */
  className?: string;
  /** The toolbar's content (search, buttons), in a toolbar labelled after the table. */
  toolbar?: ReactNode;
  /** Stands in place of the table while there are no rows. */
  empty?: ReactNode;
  /** Carbon's row height; `md` unless said. */
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
} & DataAttributes;

/**
 * With a title, description or toolbar the table sits in a TableContainer; without, it stands
 * alone (as inside a section that has its own heading).
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  'aria-label': ariaLabel,
  title,
  description,
  className,
  toolbar,
  empty,
  size = 'md',
  ...data
}: DataTableProps<Row>) {
  const table =
    rows.length === 0 && empty !== undefined ? (
      empty
    ) : (
      <Table aria-label={ariaLabel} size={size} {...data}>
        <TableHead>
          <TableRow>
            {columns.map((c) => (
              <TableHeader key={c.key} className={c.wide ? WIDE_COLUMN : undefined}>
                {c.hideHeader ? <span className="cds--visually-hidden">{c.header}</span> : c.header}
              </TableHeader>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((c) => (
                <TableCell key={c.key} className={cellClass(c)}>
                  {c.cell(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  if (title === undefined && description === undefined && toolbar === undefined) return table;
  return (
    <TableContainer title={title} description={description} className={className}>
      {toolbar !== undefined && (
        <TableToolbar aria-label={`${ariaLabel} toolbar`}>
          <TableToolbarContent>{toolbar}</TableToolbarContent>
        </TableToolbar>
      )}
      {table}
    </TableContainer>
  );
}
