/**
 * The lists' pagination: Carbon's Pagination, with a page number field in place of its page
 * select once a list has more than PAGE_SELECT_LIMIT pages. Carbon's select holds one option per
 * page (2,000 at 100,000 keys, built again on every render), which made each keystroke and each
 * new result slow, and Chromium shows at most 10,000 options. Memoized: with a stable `onChange`,
 * a render of the page around it (typing in a search box) does not render it again.
 */
import { Pagination, TextInput, type PaginationProps } from '@carbon/react';
import { memo, useId, useState, type KeyboardEvent } from 'react';
import './list-pagination.scss';

export const PAGE_SELECT_LIMIT = 100;

export interface ListPaginationProps {
  page: number;
  pageSize: number;
  pageSizes: number[];
  totalItems: number;
  onChange: (change: { page: number; pageSize: number }) => void;
}

export const ListPagination = memo(function ListPagination(props: ListPaginationProps) {
  const pages = Math.max(1, Math.ceil(props.totalItems / props.pageSize));
  return (
    <Pagination
      {...props}
      {...(pages > PAGE_SELECT_LIMIT
        ? { renderPageSelect: (select: PageSelect) => <PageNumberField {...select} /> }
        : {})}
    />
  );
});

/** What Carbon's Pagination hands its page select. */
type PageSelect = Parameters<NonNullable<PaginationProps['renderPageSelect']>>[0];

/** Type a page number, then Enter (or leave the field): out of range goes to the nearest page. */
function PageNumberField({ currentPage, totalPages, onSetPage }: PageSelect) {
  const id = useId();
  const [text, setText] = useState(String(currentPage));
  // The page changed from outside (the arrows, a new search): show it.
  const [shown, setShown] = useState(currentPage);
  if (shown !== currentPage) {
    setShown(currentPage);
    setText(String(currentPage));
  }
  const commit = () => {
    const typed = Number(text.trim());
    const page = Number.isInteger(typed) ? Math.min(Math.max(typed, 1), totalPages) : currentPage;
    setText(String(page));
    if (page !== currentPage) onSetPage(page);
  };
  return (
    <div className="kw-page-number">
      <TextInput
        id={`${id}-page`}
        size="sm"
        labelText={`Page number, of ${totalPages} pages`}
        hideLabel
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(String(currentPage));
        }}
      />
    </div>
  );
}
