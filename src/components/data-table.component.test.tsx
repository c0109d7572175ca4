/** The columns-driven table, in jsdom. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Column, DataTable } from './data-table';

interface Fruit {
  id: string;
  name: string;
  count: number;
}

const FRUITS: Fruit[] = [
  { id: 'f1', name: 'Apple', count: 3 },
  { id: 'f2', name: 'Pear', count: 12 },
];

const COLUMNS: Column<Fruit>[] = [
  { key: 'name', header: 'Name', cell: (f) => <strong>{f.name}</strong> },
  { key: 'count', header: 'Count', cell: (f) => f.count, className: 'kw-nowrap' },
  {
    key: 'actions',
    header: 'Actions',
    hideHeader: true,
    cell: (f) => <button type="button">Eat {f.name}</button>,
  },
];

describe('DataTable', () => {
  it('renders one header per column and one row per item, cells in column order', () => {
    render(<DataTable aria-label="Fruit" columns={COLUMNS} rows={FRUITS} rowKey={(f) => f.id} />);
    const table = screen.getByRole('table', { name: 'Fruit' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Count', 'Actions']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['Apple', '3', 'Eat Apple'],
      ['Pear', '12', 'Eat Pear'],
    ]);
    expect(within(rows[1]!).getByRole('button', { name: 'Eat Pear' })).toBeTruthy();
  });

  it('hides a header visually only, and puts a column’s class on its body cells', () => {
    render(<DataTable aria-label="Fruit" columns={COLUMNS} rows={FRUITS} rowKey={(f) => f.id} />);
    const actions = screen.getByRole('columnheader', { name: 'Actions' });
    expect(actions.querySelector('.cds--visually-hidden')?.textContent).toBe('Actions');
    expect(
      screen.getByRole('columnheader', { name: 'Name' }).querySelector('.cds--visually-hidden'),
    ).toBeNull();
    const counts = screen.getAllByRole('cell').filter((c) => c.classList.contains('kw-nowrap'));
    expect(counts.map((c) => c.textContent)).toEqual(['3', '12']);
  });

  it('marks a wide column, header and cells, for narrow screens to leave out', () => {
    const columns: Column<Fruit>[] = [COLUMNS[0]!, { ...COLUMNS[1]!, wide: true }];
    render(<DataTable aria-label="Fruit" columns={columns} rows={FRUITS} rowKey={(f) => f.id} />);
    const wide = [...document.querySelectorAll('.kw-col-wide')].map((c) => c.textContent);
    expect(wide).toEqual(['Count', '3', '12']);
    // Its own class stays beside the mark.
    expect(screen.getByRole('cell', { name: '3' }).className).toMatch(/kw-nowrap.*kw-col-wide/);
  });

  it('gives each row the attributes rowProps returns, and the table its data attributes', () => {
    render(
      <DataTable
        aria-label="Fruit"
        columns={COLUMNS}
        rows={FRUITS}
        rowKey={(f) => f.id}
        rowProps={(f) => ({
          id: `fruit-${f.id}`,
          'data-testid': `fruit-${f.name}`,
          'data-many': f.count > 10,
          className: f.count > 10 ? 'kw-row-highlight' : undefined,
        })}
        data-check-target="basket"
      />,
    );
    const pear = screen.getByTestId('fruit-Pear');
    expect(pear.tagName).toBe('TR');
    expect(pear.id).toBe('fruit-f2');
    expect(pear.getAttribute('data-many')).toBe('true');
    expect(pear.classList.contains('kw-row-highlight')).toBe(true);
    expect(screen.getByTestId('fruit-Apple').getAttribute('data-many')).toBe('false');
    expect(screen.getByTestId('fruit-Apple').classList.contains('kw-row-highlight')).toBe(false);
    expect(screen.getByRole('table').getAttribute('data-check-target')).toBe('basket');
  });

  it('uses md rows unless told, and the size it is given', () => {
    const { unmount } = render(
      <DataTable aria-label="Fruit" columns={COLUMNS} rows={FRUITS} rowKey={(f) => f.id} />,
    );
    expect(screen.getByRole('table').classList.contains('cds--data-table--md')).toBe(true);
    unmount();
    render(
      <DataTable
        aria-label="Fruit"
        size="sm"
        columns={COLUMNS}
        rows={FRUITS}
        rowKey={(f) => f.id}
      />,
    );
    expect(screen.getByRole('table').classList.contains('cds--data-table--sm')).toBe(true);
  });

  it('stands alone without a title, description or toolbar', () => {
    const { container } = render(
      <DataTable aria-label="Fruit" columns={COLUMNS} rows={FRUITS} rowKey={(f) => f.id} />,
    );
    expect(container.querySelector('.cds--data-table-container')).toBeNull();
    expect(screen.queryByRole('heading')).toBeNull();
  });

  it('sits in a container whose title names the table, with the description and toolbar', () => {
    const { container } = render(
      <DataTable
        aria-label="Fruit in stock"
        title="Fruit"
        description="2 kinds"
        className="kw-fruit"
        toolbar={<button type="button">Add fruit</button>}
        columns={COLUMNS}
        rows={FRUITS}
        rowKey={(f) => f.id}
      />,
    );
    const box = container.querySelector('.cds--data-table-container');
    expect(box?.classList.contains('kw-fruit')).toBe(true);
    expect(screen.getByRole('heading', { name: 'Fruit' })).toBeTruthy();
    expect(screen.getByText('2 kinds')).toBeTruthy();
    // The title labels the table (aria-labelledby wins over aria-label).
    expect(screen.getByRole('table', { name: 'Fruit' })).toBeTruthy();
    const toolbar = screen.getByRole('group', { name: 'Fruit in stock toolbar' });
    expect(within(toolbar).getByRole('button', { name: 'Add fruit' })).toBeTruthy();
    // The toolbar comes before the table.
    const table = screen.getByRole('table');
    expect(toolbar.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows the empty state instead of the table when there are no rows, inside the container', () => {
    const { container } = render(
      <DataTable
        aria-label="Fruit"
        title="Fruit"
        toolbar={<button type="button">Add fruit</button>}
        columns={COLUMNS}
        rows={[]}
        rowKey={(f) => f.id}
        empty={<p>No fruit yet.</p>}
      />,
    );
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No fruit yet.')).toBeTruthy();
    expect(container.querySelector('.cds--data-table-container')?.textContent).toContain(
      'No fruit yet.',
    );
    expect(screen.getByRole('button', { name: 'Add fruit' })).toBeTruthy();
  });

  it('keeps the header row when there are no rows and no empty state', () => {
    render(<DataTable aria-label="Fruit" columns={COLUMNS} rows={[]} rowKey={(f) => f.id} />);
    const table = screen.getByRole('table', { name: 'Fruit' });
    expect(within(table).getAllByRole('row')).toHaveLength(1);
    expect(within(table).getAllByRole('columnheader')).toHaveLength(3);
  });
});
