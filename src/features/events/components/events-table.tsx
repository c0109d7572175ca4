/**
 * The events table: toolbar (free-text search, export), one expandable row per event, paging with
 * the engine's total, and the empty state when nothing matches.
 */
import {
  Button,
  DataTable,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  TableToolbar,
  TableToolbarContent,
  TableToolbarSearch,
} from '@carbon/react';
import { ChevronDown, ChevronRight, Download, FilterRemove } from '@carbon/icons-react';
import { useState } from 'react';
import type { EventList } from '../../../domain/api';
import type { ExportFormat } from '../api/export-events';
import { PAGE_SIZES } from '../event-view';
import { EventDetails, EventInitiator, EventOutcome, EventTarget, EventTime } from './event-cells';
import { useDraft } from './use-draft';
import { WIDE_COLUMN } from '../../../components/data-table';
import { agree, plural } from '../../../components/format';
import { ListPagination } from '../../../components/list-pagination';

const HEADERS = [
  { key: 'time', header: 'Time' },
  { key: 'action', header: 'Action' },
  { key: 'initiator', header: 'Initiator and role', wide: true },
  { key: 'target', header: 'Target', wide: true },
  { key: 'outcome', header: 'Outcome' },
];

interface EventsTableProps {
  list: EventList;
  filtered: boolean;
  /** Routine reads are left out (the engine counts them in `list.routineReadsHidden`). */
  hidingRoutineReads: boolean;
  onShowRoutineReads: () => void;
  search: string;
  page: number;
  pageSize: number;
  onSearch: (search: string) => void;
  onPage: (page: number, pageSize: number) => void;
  onClear: () => void;
  onExport: (format: ExportFormat) => void;
  exporting: ExportFormat | undefined;
}

export function EventsTable({
  list,
  filtered,
  hidingRoutineReads,
  onShowRoutineReads,
  search,
  page,
  pageSize,
  onSearch,
  onPage,
  onClear,
  onExport,
  exporting,
}: EventsTableProps) {
  const [searchDraft, setSearchDraft, flushSearch] = useDraft(search, onSearch, 400);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const rows = list.events.map((e) => ({
    id: e.id,
    time: e.time,
    action: e.action,
    initiator: e.initiator.name,
    target: e.target.crn,
    outcome: e.outcome,
  }));
  const pages = Math.max(1, Math.ceil(list.total / pageSize));
  const hidden = hidingRoutineReads ? (list.routineReadsHidden ?? 0) : 0;
  const counted = `${plural(list.total, 'event')}${filtered ? ` ${agree(list.total, 'matches', 'match')} these filters` : ''}, newest first`;

  return (
    <DataTable rows={rows} headers={HEADERS}>
      {({
        rows: tableRows,
        headers,
        getTableProps,
        getHeaderProps,
        getRowProps,
        getTableContainerProps,
      }) => (
        <TableContainer
          title="Audit events"
          description={
            hidingRoutineReads ? `${counted}; ${plural(hidden, 'routine read')} left out` : counted
          }
          className="kw-events-table"
          {...getTableContainerProps()}
        >
          <TableToolbar aria-label="Events toolbar">
            <TableToolbarContent>
              <TableToolbarSearch
                persistent
                value={searchDraft}
                labelText="Search events"
                placeholder="Search action, initiator, target, outcome or reason code"
                onChange={(event) =>
                  setSearchDraft(typeof event === 'string' ? event : event.target.value)
                }
                onKeyDown={(event) => {
                  if (event.key === 'Enter') flushSearch();
                }}
              />
              <Button
                kind="ghost"
                renderIcon={Download}
                disabled={exporting !== undefined || list.total === 0}
                onClick={() => onExport('json')}
              >
                {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
              </Button>
              <Button
                kind="ghost"
                renderIcon={Download}
                disabled={exporting !== undefined || list.total === 0}
                onClick={() => onExport('csv')}
              >
                {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
              </Button>
            </TableToolbarContent>
          </TableToolbar>
          {list.total === 0 && hidden > 0 ? (
            <section className="kw-empty" aria-labelledby="only-routine">
              <h2 id="only-routine">
                {filtered ? 'Only routine reads match these filters' : 'Only routine reads so far'}
              </h2>
              <p>
                {plural(hidden, 'routine read')} (successful list and metadata reads) are left out.
                Show them to see every event.
              </p>
              <Button kind="tertiary" onClick={onShowRoutineReads}>
                Show routine reads
              </Button>
            </section>
          ) : list.total === 0 ? (
            <section className="kw-empty" aria-labelledby="no-events">
              <h2 id="no-events">{filtered ? 'No events match these filters' : 'No events yet'}</h2>
              <p>
                {filtered
                  ? 'Widen the time range, choose another action or outcome, or clear the filters to see every event.'
                  : 'Every call to the key engine, allowed or refused, is recorded here.'}
              </p>
              {filtered && (
                <Button kind="tertiary" renderIcon={FilterRemove} onClick={onClear}>
                  Clear filters
                </Button>
              )}
            </section>
          ) : list.events.length === 0 ? (
            <section className="kw-empty" aria-labelledby="past-last-page">
              <h2 id="past-last-page">Page {page} is past the end</h2>
              <p>These events fill {plural(pages, 'page')}.</p>
              <Button kind="tertiary" onClick={() => onPage(1, pageSize)}>
                Go to the first page
              </Button>
            </section>
          ) : (
            <Table {...getTableProps()} aria-label="Events">
              <TableHead>
                <TableRow>
                  <TableHeader className="kw-events-toggle-cell">
                    <span className="cds--visually-hidden">Details</span>
                  </TableHeader>
                  {headers.map((header) => {
                    const { key, ...headerProps } = getHeaderProps({ header });
                    return (
                      <TableHeader
                        key={key}
                        {...headerProps}
                        className={
                          HEADERS.find((h) => h.key === header.key)?.wide ? WIDE_COLUMN : undefined
                        }
                      >
                        {header.header}
                      </TableHeader>
                    );
                  })}
                </TableRow>
              </TableHead>
              <TableBody>
                {tableRows.map((row) => {
                  const event = list.events.find((e) => e.id === row.id);
                  if (!event) return null;
                  const { key, ...rowProps } = getRowProps({ row });
                  const open = expanded.has(event.id);
                  const detailsId = `event-details-${event.id}`;
                  return [
                    <TableRow key={key} {...rowProps} className="kw-events-row">
                      <TableCell className="kw-events-toggle-cell">
                        <Button
                          kind="ghost"
                          size="sm"
                          hasIconOnly
                          renderIcon={open ? ChevronDown : ChevronRight}
                          iconDescription={`${open ? 'Hide' : 'Show'} details of event #${event.seq}`}
                          tooltipPosition="right"
                          aria-expanded={open}
                          aria-controls={open ? detailsId : undefined}
                          onClick={() => toggle(event.id)}
                        />
                      </TableCell>
                      <TableCell>
                        <EventTime event={event} />
                      </TableCell>
                      <TableCell>
                        <span className="kw-mono kw-events-nowrap">{event.action}</span>
                      </TableCell>
                      <TableCell className={WIDE_COLUMN}>
                        <EventInitiator event={event} />
                      </TableCell>
                      <TableCell className={WIDE_COLUMN}>
                        <EventTarget event={event} keyNames={list.keyNames} />
                      </TableCell>
                      <TableCell>
                        <EventOutcome event={event} />
                      </TableCell>
                    </TableRow>,
                    open && (
                      <TableRow
                        key={`${key}-details`}
                        id={detailsId}
                        className="kw-events-details-row"
                      >
                        <TableCell colSpan={headers.length + 1}>
                          <EventDetails
                            event={event}
                            keyName={
                              event.target.keyId ? list.keyNames?.[event.target.keyId] : undefined
                            }
                          />
                        </TableCell>
                      </TableRow>
                    ),
                  ];
                })}
              </TableBody>
            </Table>
          )}
          {list.total > 0 && (
            <ListPagination
              page={page}
              pageSize={pageSize}
              pageSizes={PAGE_SIZES}
              totalItems={list.total}
              onChange={({ page: nextPage, pageSize: nextSize }) => onPage(nextPage, nextSize)}
            />
          )}
        </TableContainer>
      )}
    </DataTable>
  );
}
