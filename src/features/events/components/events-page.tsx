/**
 * The events page (SPEC.md section 12): the instance's audit trail, answered by the engine one
 * page at a time; filters, search, paging and hiding routine reads live in the URL (deep links, back and forward); the
 * hash chain is verified on load; the current filter exports as JSON or CSV; signed digests are
 * downloaded and verified below the table.
 */
import { Button, DataTableSkeleton } from '@carbon/react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { sessionQuery } from '../../../client/session-query';
import { useCallContext } from '../../../client/call-context';
import { useExportEvents } from '../api/export-events';
import {
  hasFilters,
  readView,
  viewQuery,
  withFilters,
  withoutFilters,
  withPage,
  withRoutineReads,
  type FilterChanges,
} from '../event-view';
import { ChainStatus } from './chain-status';
import { DigestPanel } from './digest-panel';
import { EventFiltersBar } from './event-filters-bar';
import { EventsTable } from './events-table';
import '../events.scss';
import { engineQuery } from '../../../client/engine-query';
import { QueryFailure } from '../../../components/query-failure';

export function Component() {
  const ctx = useCallContext();
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const filterQuery = viewQuery(view);
  const filtered = hasFilters(view.filters);

  const session = useQuery(sessionQuery());
  const events = useQuery({
    ...engineQuery('listEvents', ctx, {
      ...filterQuery,
      offset: (view.page - 1) * view.pageSize,
      limit: view.pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const exporter = useExportEvents();

  // Every view change is a history entry, so back and forward walk through them; a "change"
  // that changes nothing adds none.
  function navigate(change: (current: URLSearchParams) => URLSearchParams) {
    const next = change(params);
    if (next.toString() !== params.toString()) setParams(next);
  }
  const filter = (changes: FilterChanges) => navigate((current) => withFilters(current, changes));
  const clear = () => navigate(withoutFilters);
  const hideRoutineReads = (hide: boolean) =>
    navigate((current) => withRoutineReads(current, hide));

  return (
    <>
      <h1 className="kw-page-title">Events</h1>
      <ChainStatus />
      <EventFiltersBar
        filters={view.filters}
        hideRoutineReads={view.hideRoutineReads}
        onHideRoutineReads={hideRoutineReads}
        users={session.data?.users}
        onChange={filter}
        onClear={clear}
      />
      {events.isPending ? (
        <DataTableSkeleton
          headers={[
            { key: 'time', header: 'Time' },
            { key: 'action', header: 'Action' },
            { key: 'initiator', header: 'Initiator and role' },
            { key: 'target', header: 'Target' },
            { key: 'outcome', header: 'Outcome' },
          ]}
          columnCount={5}
          rowCount={8}
          showHeader={false}
          aria-label="Loading events"
        />
      ) : events.isError ? (
        <div className="kw-events-status">
          <QueryFailure what="events" query={events} />
          {filtered && (
            <Button kind="ghost" size="sm" onClick={clear}>
              Clear filters
            </Button>
          )}
        </div>
      ) : (
        <EventsTable
          list={events.data}
          filtered={filtered}
          hidingRoutineReads={view.hideRoutineReads}
          onShowRoutineReads={() => hideRoutineReads(false)}
          search={view.filters.search}
          page={view.page}
          pageSize={view.pageSize}
          onSearch={(search) => filter({ search })}
          onPage={(page, pageSize) => navigate((current) => withPage(current, page, pageSize))}
          onClear={clear}
          onExport={(format) => exporter.mutate({ format, query: filterQuery })}
          exporting={exporter.isPending ? exporter.variables.format : undefined}
        />
      )}
      <DigestPanel />
    </>
  );
}
