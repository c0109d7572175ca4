/**
 * The keys table: one page of keys as the engine answered it, with column sorting, row selection
 * and batch actions, copyable ids, aliases, state tags and each row's action menu.
 */
import {
  CopyButton,
  DataTable,
  InlineLoading,
  Table,
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
import { memo, useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Key, Permissions } from '../../../domain/types';
import { DateTime } from '../../../components/date-time';
import { GatedButton } from '../../../components/gated-button';
import { StateTag } from '../../../components/state-tag';
import type { BatchAction, BatchGate } from './batch-gates';
import type { KeyColumn } from './key-columns';
import { KeyRowMenu, type RowAction } from './key-row-menu';

const BATCH: { action: BatchAction; label: string; icon: typeof Locked }[] = [
  { action: 'enable', label: 'Enable', icon: Unlocked },
  { action: 'disable', label: 'Disable', icon: Locked },
  { action: 'delete', label: 'Delete', icon: TrashCan },
];

function Aliases({ aliases }: { aliases: string[] }) {
  if (aliases.length === 0) return <span className="kw-muted">—</span>;
  const shown = aliases.slice(0, 1);
  return (
    <span className="kw-aliases" title={aliases.join(', ')}>
      {shown.map((a) => (
        <Tag key={a} size="sm" type="outline" className="kw-alias-tag">
          {a}
        </Tag>
      ))}
      {aliases.length > shown.length && (
        <span className="kw-muted">+{aliases.length - shown.length}</span>
      )}
    </span>
  );
}

/**
 * What a column shows for one key. Memoized: a cell renders again only when its key, its
 * permissions or its column change, not on every render of the page (each keystroke in the
 * search box, the "updating" render of a new sort or filter). Its Carbon parts (copy button,
 * tags, row menu) read the layout as they render, and 50 rows of them took hundreds of
 * milliseconds per render at 100,000 keys (issue 16).
 */
const KeyCell = memo(function KeyCell({
  column,
  keyItem: key,
  permissions,
  onRowAction,
}: CellProps) {
  switch (column) {
    case 'name':
      return (
        <Link to={`/keys/${key.id}`} className="kw-key-name" title={key.name}>
          {key.name}
        </Link>
      );
    case 'state':
      return <StateTag state={key.state} />;
    case 'type':
      return key.extractable ? 'Standard' : 'Root';
    case 'aliases':
      return <Aliases aliases={key.aliases} />;
    case 'id':
      return (
        // The id's first block identifies it at a glance; copy takes all of it.
        <div className="kw-id-cell">
          <span className="kw-mono" title={key.id}>
            {key.id.slice(0, 8)}…
          </span>
          <CopyButton
            iconDescription={`Copy the id of ${key.name}`}
            feedback="Copied"
            onClick={() => void navigator.clipboard?.writeText(key.id)}
          />
        </div>
      );
    case 'keyRingID':
      return (
        <span className="kw-cell-clip" title={key.keyRingID}>
          {key.keyRingID}
        </span>
      );
    case 'creationDate':
    case 'lastRotateDate':
    case 'expirationDate':
      return <DateTime iso={key[column]} precise="day" empty="—" />;
    case 'actions':
      return <KeyRowMenu keyItem={key} permissions={permissions} onAction={onRowAction} />;
    default:
      return null;
  }
});

interface CellProps {
  column: string;
  keyItem: Key;
  permissions: Permissions | undefined;
  onRowAction: (action: RowAction, key: Key) => void;
}

interface KeysTableProps {
  /** The columns shown, in order (key-columns.tsx). */
  columns: KeyColumn[];
  title: string;
  description: string;
  /** A new search, sort or page is being answered: the old rows stay, marked as updating. */
  updating: boolean;
  keys: Key[];
  permissions: Record<string, Permissions> | undefined;
  sort: string;
  onSort: (sort: string) => void;
  onRowAction: (action: RowAction, key: Key) => void;
  onBatchAction: (action: BatchAction, keys: Key[]) => void;
  /** A batch action for these keys: disabled, with why, when it would do nothing for them. */
  batchGate: (action: BatchAction, keys: Key[]) => BatchGate;
  toolbar: ReactNode;
  footer: ReactNode;
}

export function KeysTable({
  columns,
  title,
  description,
  updating,
  keys,
  permissions,
  sort,
  onSort,
  onRowAction,
  onBatchAction,
  batchGate,
  toolbar,
  footer,
}: KeysTableProps) {
  // The row menus get one callback for the table's life, which calls the latest `onRowAction`
  // (the page makes a new one each render), so the memoized cells need not render again for it.
  const latestOnRowAction = useRef(onRowAction);
  useLayoutEffect(() => {
    latestOnRowAction.current = onRowAction;
  });
  const stableOnRowAction = useCallback(
    (action: RowAction, key: Key) => latestOnRowAction.current(action, key),
    [],
  );
  const byId = new Map(keys.map((k) => [k.id, k]));
  const rows = keys.map((k) => ({ id: k.id, name: k.name }));
  const sortField = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');

  return (
    <DataTable rows={rows} headers={columns} isSortable={false}>
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
          <TableContainer
            title={title}
            description={
              <span className="kw-table-description">
                {description}
                {updating && <InlineLoading description="Updating…" className="kw-updating" />}
              </span>
            }
            {...getTableContainerProps()}
          >
            <TableToolbar aria-label="Keys toolbar">
              <TableBatchActions {...batch} aria-label="Batch actions">
                {BATCH.map(({ action, label, icon }) => {
                  const gate = batchGate(action, selected);
                  return (
                    <GatedButton
                      key={action}
                      renderIcon={icon}
                      tabIndex={batchTab}
                      permission={gate.permission}
                      onClick={() => onBatchAction(action, selected)}
                    >
                      {gate.short ? `${label} (${gate.short})` : label}
                    </GatedButton>
                  );
                })}
              </TableBatchActions>
              <TableToolbarContent aria-hidden={batch.shouldShowBatchActions}>
                {toolbar}
              </TableToolbarContent>
            </TableToolbar>
            <Table
              {...getTableProps()}
              aria-label="Keys"
              aria-busy={updating}
              className={`kw-nowrap-table kw-keys-table${updating ? ' kw-table-updating' : ''}`}
              size="md"
            >
              <TableHead>
                <TableRow>
                  <TableSelectAll {...getSelectionProps()} />
                  {columns.map((column) =>
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
                      {columns.map((column) => (
                        <TableCell
                          key={column.key}
                          className={
                            column.key === 'actions' ? 'cds--table-column-menu' : undefined
                          }
                        >
                          <KeyCell
                            column={column.key}
                            keyItem={key}
                            // Only the row menu shows permissions: the other cells need not
                            // render again when they arrive (after the rows).
                            permissions={
                              column.key === 'actions' ? permissions?.[key.id] : undefined
                            }
                            onRowAction={stableOnRowAction}
                          />
                        </TableCell>
                      ))}
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
