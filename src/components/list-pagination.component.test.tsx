/** The lists' pagination, in jsdom: a page select for short lists, a page number field for long. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ListPagination, PAGE_SELECT_LIMIT } from './list-pagination';

function Paged({ totalItems, onChange }: { totalItems: number; onChange: (page: number) => void }) {
  const [page, setPage] = useState(1);
  return (
    <ListPagination
      page={page}
      pageSize={50}
      pageSizes={[20, 50]}
      totalItems={totalItems}
      onChange={(change) => {
        setPage(change.page);
        onChange(change.page);
      }}
    />
  );
}

const field = () => screen.getByRole<HTMLInputElement>('textbox', { name: /Page number/ });

describe('ListPagination', () => {
  it('offers every page in a select while there are few', async () => {
    const onChange = vi.fn();
    render(<Paged totalItems={50 * PAGE_SELECT_LIMIT} onChange={onChange} />);
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: /Page of 100 pages/ });
    expect(select.options).toHaveLength(PAGE_SELECT_LIMIT);
    expect(screen.queryByRole('textbox')).toBeNull();
    await userEvent.selectOptions(select, '7');
    expect(onChange).toHaveBeenLastCalledWith(7);
  });

  it('takes a typed page number past that, without an option per page', async () => {
    const onChange = vi.fn();
    render(<Paged totalItems={100_000} onChange={onChange} />);
    expect(screen.queryByRole('combobox', { name: /Page of/ })).toBeNull();
    expect(field().value).toBe('1');
    expect(screen.getByText('of 2000 pages')).toBeTruthy();
    await userEvent.clear(field());
    await userEvent.type(field(), '1234{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(1234);
    expect(screen.getByText('61651–61700 of 100000 items')).toBeTruthy();
    // The arrows move the page, and the field shows it.
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(field().value).toBe('1235');
  });

  it('goes to the nearest page when out of range, and ignores what is not a number', async () => {
    const onChange = vi.fn();
    render(<Paged totalItems={100_000} onChange={onChange} />);
    await userEvent.clear(field());
    await userEvent.type(field(), '99999{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(2000);
    expect(field().value).toBe('2000');
    await userEvent.clear(field());
    await userEvent.type(field(), 'abc');
    await userEvent.tab();
    expect(field().value).toBe('2000');
    expect(onChange).toHaveBeenCalledTimes(1);
    await userEvent.clear(field());
    await userEvent.type(field(), '0{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(1);
  });
});
