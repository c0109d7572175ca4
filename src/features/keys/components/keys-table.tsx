/**
 * The keys table: one page of keys as the engine answered it, with column sorting, row selection
 * and batch actions, copyable ids, aliases, state tags and each row's action menu.
 */
import {
  CopyButton,
  DataTable,
  Table,
  TableBatchAction,
  TableBatchActions,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  TableSelectAll,
  TableSelectRow,
  TableToolbar,
  TableToolbarContent,
  Tag,
} from '@carbon/react';
import { Locked, TrashCan, Unlocked } from '@carbon/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { KeySortField } from '../../../domain/api';
import type { Key, Permissions } from '../../../domain/types';
import { DateTime } from '../../../components/date-time';
import { StateTag } from '../../../components/state-tag';
import { KeyRowMenu, type RowAction } from './key-row-menu';

export type BatchAction = 'enable' | 'disable' | 'delete';

const COLUMNS: { key: string; header: string; sort?: KeySortField }[] = [
  { key: 'name', header: 'Name', sort: 'name' },
  { key: 'id', header: 'ID' },
  { key: 'aliases', header: 'Aliases' },
  { key: 'type', header: 'Type' },
  { key: 'state', header: 'State', sort: 'state' },
  { key: 'keyRingID', header: 'Key ring' },
  { key: 'creationDate', header: 'Created', sort: 'creationDate' },
  { key: 'lastRotateDate', header: 'Last rotated', sort: 'lastRotateDate' },
  { key: 'expirationDate', header: 'Expires', sort: 'expirationDate' },
  { key: 'actions', header: '' },
];

function Aliases({ aliases }: { aliases: string[] }) {
  if (aliases.length === 0) return <span className="kw-muted">—</span>;
  const shown = aliases.slice(0, 2);
  return (
    <span className="kw-aliases" title={aliases.join(', ')}>
      {shown.map((a) => (
        <Tag key={a} size="sm" type="outline">
          {a}
        </Tag>
      ))}
      {aliases.length > shown.length && (
        <span className="kw-muted">+{aliases.length - shown.length}</span>
      )}
    </span>
  );
}

interface KeysTableProps {
  title: string;
  description: string;
  keys: Key[];
  permissions: Record<string, Permissions> | undefined;
  sort: string;
  onSort: (sort: string) => void;
  onRowAction: (action: RowAction, key: Key) => void;
  onBatchAction: (action: BatchAction, keys: Key[]) => void;
  toolbar: ReactNode;
  footer: ReactNode;
}

export function KeysTable({
  title,
  description,
  keys,
  permissions,
  sort,
  onSort,
  onRowAction,
  onBatchAction,
  toolbar,
  footer,
}: KeysTableProps) {
  const byId = new Map(keys.map((k) => [k.id, k]));
  const rows = keys.map((k) => ({ id: k.id, name: k.name }));
  const sortField = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');

  return (
    <DataTable rows={rows} headers={COLUMNS} isSortable={false}>
      {({
        rows: tableRows,
        getTableProps,
        getRowProps,
        getSelectionProps,
        getBatchActionProps,
        selectedRows,
        getTableContainerProps,
      }) => {
        const selected = selectedRows
          .map((r) => byId.get(r.id))
          .filter((k): k is Key => k !== undefined);
        const batch = getBatchActionProps();
        // Hidden batch buttons must not be reachable by keyboard (Carbon's pattern).
        const batchTab = batch.shouldShowBatchActions ? 0 : -1;
        return (
          <TableContainer title={title} description={description} {...getTableContainerProps()}>
            <TableToolbar aria-label="Keys toolbar">
              <TableBatchActions {...batch} aria-label="Batch actions">
                <TableBatchAction
                  renderIcon={Unlocked}
                  tabIndex={batchTab}
                  onClick={() => onBatchAction('enable', selected)}
                >
                  Enable
                </TableBatchAction>
                <TableBatchAction
                  renderIcon={Locked}
                  tabIndex={batchTab}
                  onClick={() => onBatchAction('disable', selected)}
                >
                  Disable
                </TableBatchAction>
                <TableBatchAction
                  renderIcon={TrashCan}
                  tabIndex={batchTab}
                  onClick={() => onBatchAction('delete', selected)}
                >
                  Delete
                </TableBatchAction>
              </TableBatchActions>
              <TableToolbarContent aria-hidden={batch.shouldShowBatchActions}>
                {toolbar}
              </TableToolbarContent>
            </TableToolbar>
            <Table {...getTableProps()} aria-label="Keys" className="kw-nowrap-table" size="md">
              <TableHead>
                <TableRow>
                  <TableSelectAll {...getSelectionProps()} />
                  {COLUMNS.map((column) =>
                    column.sort ? (
                      <TableHeader
                        key={column.key}
                        isSortable
                        isSortHeader={sortField === column.sort}
                        sortDirection={
                          sortField === column.sort ? (descending ? 'DESC' : 'ASC') : 'NONE'
                        }
                        onClick={() =>
                          onSort(
                            sortField === column.sort && !descending
                              ? `-${column.sort}`
                              : (column.sort ?? ''),
                          )
                        }
                      >
                        {column.header}
                      </TableHeader>
                    ) : (
                      <TableHeader key={column.key}>
                        {column.key === 'actions' ? (
                          <span className="cds--visually-hidden">Actions</span>
                        ) : (
                          column.header
                        )}
                      </TableHeader>
                    ),
                  )}
                </TableRow>
              </TableHead>
              <TableBody>
                {tableRows.map((row) => {
                  const key = byId.get(row.id);
                  if (!key) return null;
                  const { key: rowKey, ...rowProps } = getRowProps({ row });
                  return (
                    <TableRow key={rowKey} {...rowProps}>
                      <TableSelectRow {...getSelectionProps({ row })} />
                      <TableCell>
                        <Link to={`/keys/${key.id}`} className="kw-key-name" title={key.name}>
                          {key.name}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <div className="kw-id-cell">
                          <span className="kw-mono">{key.id}</span>
                          <CopyButton
                            iconDescription={`Copy the id of ${key.name}`}
                            feedback="Copied"
                            onClick={() => void navigator.clipboard?.writeText(key.id)}
                          />
                        </div>
                      </TableCell>
                      <TableCell>
                        <Aliases aliases={key.aliases} />
                      </TableCell>
                      <TableCell>{key.extractable ? 'Standard' : 'Root'}</TableCell>
                      <TableCell>
                        <StateTag state={key.state} />
                      </TableCell>
                      <TableCell>{key.keyRingID}</TableCell>
                      <TableCell>
                        <DateTime iso={key.creationDate} empty="—" />
                      </TableCell>
                      <TableCell>
                        <DateTime iso={key.lastRotateDate} empty="—" />
                      </TableCell>
                      <TableCell>
                        <DateTime iso={key.expirationDate} empty="—" />
                      </TableCell>
                      <TableCell className="cds--table-column-menu">
                        <KeyRowMenu
                          keyItem={key}
                          permissions={permissions?.[key.id]}
                          onAction={onRowAction}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            {footer}
          </TableContainer>
        );
      }}
    </DataTable>
  );
}
