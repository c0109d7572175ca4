/**
 * A key's history: its events from the audit trail, newest first, with when, who (and the roles
 * they acted with), what, and the outcome with the engine's reason code when it refused. The
 * engine pages it and leaves routine reads out unless the URL says `reads=all` (as on the events
 * page), so every page and count is exact however long the history.
 */
import {
  DataTableSkeleton,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
} from '@carbon/react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ListPagination } from '../../../../components/list-pagination';
import { currentActionName } from '../../../../domain/event-names';
import type { Key } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { DateTime } from './format';
import { engineQuery } from '../../../../client/engine-query';
import { plural } from '../../../../components/format';
import { QueryFailure } from '../../../../components/query-failure';
import { RoutineReadsToggle } from '../../../../components/routine-reads-toggle';
import { hidesRoutineReads, withRoutineReads } from '../../../../components/routine-reads-param';

const PAGE_SIZES = [25, 50, 100];
const ACTION_LABELS: Record<string, string> = {
  'kms.secrets.create': 'Created',
  'kms.secrets.read': 'Read (with payload)',
  'kms.secrets-metadata.read': 'Read metadata',
  'kms.secrets-key-versions.list': 'Listed versions',
  'kms.registrations.list': 'Listed associated resources',
  'kms.secrets-alias.create': 'Added an alias',
  'kms.secrets-alias.delete': 'Removed an alias',
  'kms.secrets.wrap': 'Wrapped',
  'kms.secrets.unwrap': 'Unwrapped',
  'kms.secrets.rewrap': 'Rewrapped',
  'kms.secrets.rotate': 'Rotated',
  'kms.secrets.disable': 'Disabled',
  'kms.secrets.enable': 'Enabled',
  'kms.secrets.setkeyfordeletion': 'Scheduled deletion',
  'kms.secrets.unsetkeyfordeletion': 'Cancelled scheduled deletion',
  'kms.secrets.delete': 'Deleted',
  'kms.secrets.restore': 'Restored',
  'kms.secrets.purge': 'Purged',
  'kms.policies.read': 'Read policies',
  'kms.policies.write': 'Set policies',
  'kms.secrets.patch': 'Moved to another key ring',
  'kms.secrets.head': 'Counted keys',
  'kms.secrets.expire': 'Expired',
  'kms.secrets.sync': 'Synced associated resources',
  'kms.secrets-event.ack': 'Acknowledged by a service',
};

export function HistoryTab({ keyData: key }: { keyData: Key }) {
  const ctx = useCallContext();
  const [params, setParams] = useSearchParams();
  const hideReads = hidesRoutineReads(params);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const events = useQuery({
    ...engineQuery('listEvents', ctx, {
      target: key.id,
      ...(hideReads ? { routineReads: false } : {}),
      offset: (page - 1) * pageSize,
      limit: pageSize,
    }),
    placeholderData: keepPreviousData,
  });

  if (events.isPending)
    return (
      <DataTableSkeleton columnCount={4} rowCount={4} showHeader={false} showToolbar={false} />
    );
  if (events.isError) return <QueryFailure what="the key's history" query={events} />;
  const { total, routineReadsHidden = 0 } = events.data;
  const pageEvents = events.data.events;
  const counted = `${plural(total, 'event')}, newest first`;
  return (
    <TableContainer
      title="History"
      description={`Calls on this key, allowed or refused, from the hash-chained audit trail: ${hideReads ? `${counted}; ${plural(routineReadsHidden, 'routine read')} left out` : counted}.`}
    >
      <div className="kw-history-toolbar">
        <RoutineReadsToggle
          id="history-hide-routine-reads"
          hide={hideReads}
          onChange={(hide) => {
            setParams(withRoutineReads(params, hide), { replace: true });
            setPage(1);
          }}
        />
      </div>
      <Table aria-label="Key history" size="md" className="kw-history">
        <TableHead>
          <TableRow>
            <TableHeader>When</TableHeader>
            <TableHeader>Who</TableHeader>
            <TableHeader>Action</TableHeader>
            <TableHeader>Outcome</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {pageEvents.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>No events to show.</TableCell>
            </TableRow>
          )}
          {pageEvents.map((e) => (
            <TableRow key={e.id}>
              <TableCell>
                <DateTime iso={e.time} precise />
              </TableCell>
              <TableCell>
                <span className="kw-stacked">
                  <span>{e.initiator.name}</span>
                  <span className="kw-secondary">
                    {e.initiator.roles.length > 0 ? e.initiator.roles.join(', ') : 'no role'}
                  </span>
                </span>
              </TableCell>
              <TableCell>
                <span className="kw-stacked">
                  <span>{ACTION_LABELS[currentActionName(e.action)] ?? e.action}</span>
                  <span className="kw-mono kw-secondary">{e.action}</span>
                </span>
              </TableCell>
              <TableCell>
                {e.outcome === 'success' ? (
                  <Tag type="green" size="sm">
                    Success
                  </Tag>
                ) : (
                  <span className="kw-stacked">
                    <span>
                      <Tag type="red" size="sm">
                        Failure
                      </Tag>{' '}
                      {e.reason && <span className="kw-mono">{e.reason.code}</span>}
                    </span>
                    {e.reason && <span className="kw-secondary kw-break">{e.reason.message}</span>}
                  </span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {total > (PAGE_SIZES[0] ?? 25) && (
        <ListPagination
          page={page}
          pageSize={pageSize}
          pageSizes={PAGE_SIZES}
          totalItems={total}
          onChange={({ page: next, pageSize: size }) => {
            setPage(next);
            setPageSize(size);
          }}
        />
      )}
    </TableContainer>
  );
}
