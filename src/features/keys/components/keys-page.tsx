/**
 * The keys page: a Carbon data table of the instance's keys, answered by the engine one page at
 * a time (search and paging live in the URL), with the role-gated "Create key" action.
 */
import {
  Button,
  CopyButton,
  DataTable,
  DataTableSkeleton,
  InlineNotification,
  Pagination,
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
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Key } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { StateTag } from '../../../components/state-tag';
import { keyQueries } from '../api/key-queries';
import { CreateKeyModal } from './create-key-modal';

const PAGE_SIZES = [20, 50, 100, 200];
const HEADERS = [
  { key: 'name', header: 'Name' },
  { key: 'id', header: 'ID' },
  { key: 'type', header: 'Type' },
  { key: 'state', header: 'State' },
  { key: 'keyRingID', header: 'Key ring' },
  { key: 'creationDate', header: 'Created' },
];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function numberParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function Component() {
  const ctx = useCallContext();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = numberParam(params, 'page', 1);
  const pageSize = PAGE_SIZES.includes(numberParam(params, 'size', 50))
    ? numberParam(params, 'size', 50)
    : 50;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Key | undefined>();

  const permissions = useQuery(keyQueries.permissions(ctx));
  const keys = useQuery(
    keyQueries.list(ctx, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
      sort: '-creationDate',
      ...(search ? { search } : {}),
    }),
  );

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined || value === '') merged.delete(name);
      else merged.set(name, value);
    }
    setParams(merged, { replace: true });
  }

  const createButton = (
    <GatedButton
      permission={permissions.data?.write}
      renderIcon={Add}
      onClick={() => setCreating(true)}
    >
      Create key
    </GatedButton>
  );

  const rows =
    keys.data?.keys.map((k) => ({
      id: k.id,
      name: k.name,
      type: k.extractable ? 'Standard' : 'Root',
      state: k.state,
      keyRingID: k.keyRingID,
      creationDate: k.creationDate,
    })) ?? [];

  return (
    <>
      <h1 className="kw-page-title">Keys</h1>
      {created && (
        <InlineNotification
          kind="success"
          title="Key created"
          subtitle={`“${created.name}” (${created.extractable ? 'standard' : 'root'} key) is ready.`}
          onCloseButtonClick={() => setCreated(undefined)}
          lowContrast
        />
      )}
      {keys.isPending ? (
        <DataTableSkeleton
          headers={HEADERS}
          columnCount={HEADERS.length}
          rowCount={6}
          showHeader={false}
        />
      ) : keys.isError ? (
        <InlineNotification
          kind="error"
          title={`Could not load keys: ${errorMessage(keys.error).title}`}
          subtitle={errorMessage(keys.error).detail}
          hideCloseButton
          lowContrast
        >
          <Button kind="ghost" size="sm" onClick={() => void keys.refetch()}>
            Retry
          </Button>
        </InlineNotification>
      ) : keys.data.total === 0 && !search ? (
        <section className="kw-empty" aria-labelledby="no-keys">
          <h2 id="no-keys">No keys yet</h2>
          <p>
            Create a root key to protect data encryption keys, or a standard key to hold a secret.
            Keys you create appear here.
          </p>
          {createButton}
        </section>
      ) : (
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
              title="Keys of this instance"
              description={`${keys.data.total.toLocaleString()} key${keys.data.total === 1 ? '' : 's'}${search ? ` matching “${search}”` : ''}`}
              {...getTableContainerProps()}
            >
              <TableToolbar aria-label="Keys toolbar">
                <TableToolbarContent>
                  <TableToolbarSearch
                    persistent
                    defaultValue={search}
                    placeholder="Search name or alias (name:, alias:, exact:, not:)"
                    onChange={(event) => {
                      const value = typeof event === 'string' ? event : event.target.value;
                      update({ q: value, page: undefined });
                    }}
                  />
                  {createButton}
                </TableToolbarContent>
              </TableToolbar>
              <Table {...getTableProps()} aria-label="Keys" className="kw-nowrap-table">
                <TableHead>
                  <TableRow>
                    {headers.map((header) => {
                      const { key, ...headerProps } = getHeaderProps({ header });
                      return (
                        <TableHeader key={key} {...headerProps}>
                          {header.header}
                        </TableHeader>
                      );
                    })}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {tableRows.map((row) => {
                    const { key, ...rowProps } = getRowProps({ row });
                    const source = keys.data.keys.find((k) => k.id === row.id);
                    if (!source) return null;
                    return (
                      <TableRow key={key} {...rowProps}>
                        <TableCell>
                          <div className="kw-key-name" title={source.name}>
                            {source.name}
                          </div>
                        </TableCell>
                        <TableCell>
                          <div className="kw-id-cell">
                            <span className="kw-mono">{source.id}</span>
                            <CopyButton
                              iconDescription={`Copy the id of ${source.name}`}
                              feedback="Copied"
                              onClick={() => void navigator.clipboard?.writeText(source.id)}
                            />
                          </div>
                        </TableCell>
                        <TableCell>{source.extractable ? 'Standard' : 'Root'}</TableCell>
                        <TableCell>
                          <StateTag state={source.state} />
                        </TableCell>
                        <TableCell>{source.keyRingID}</TableCell>
                        <TableCell>{dateFormat.format(new Date(source.creationDate))}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
              {rows.length === 0 && (
                <p className="kw-empty">
                  No keys match “{search}”. Try another term or clear the search.
                </p>
              )}
              <Pagination
                page={page}
                pageSize={pageSize}
                pageSizes={PAGE_SIZES}
                totalItems={keys.data.total}
                onChange={({ page: nextPage, pageSize: nextSize }) =>
                  update({ page: String(nextPage), size: String(nextSize) })
                }
              />
            </TableContainer>
          )}
        </DataTable>
      )}
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
    </>
  );
}
