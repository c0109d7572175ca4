/**
 * The keys page: the instance's keys, answered by the engine one page at a time. Search, filters,
 * sort and paging live in the URL; row menus and batch actions follow each key's state and the
 * acting user's role on it; creating a key is role-gated.
 */
import { Button, DataTableSkeleton, TableToolbarSearch } from '@carbon/react';
import { Add, Download } from '@carbon/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { KeyState } from '../../../domain/key-state';
import type { CallContext } from '../../../domain/api';
import type { Key } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { failureMessage } from '../../../components/failure-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useRestoreKey } from '../api/restore-key';
import { useExportKeys } from '../api/export-keys';
import { CreateKeyModal } from './create-key-modal';
import { DeleteKeysModal } from './delete-keys-modal';
import { RotateKeyModal } from './rotate-key-modal';
import { NoKeysMatch, NoKeysYet, OnlyDeletedKeys } from './keys-empty';
import type { RowAction } from './key-row-menu';
import { ColumnSettings, useKeyColumns } from './key-columns';
import { KeysFilters } from './keys-filters';
import { KeysTable } from './keys-table';
import { useKeyBatch } from './use-key-batch';
import {
  DEFAULT_STATES,
  PAGE_SIZES,
  isFiltered,
  NO_POSTURE_FILTER,
  toListQuery,
  useKeysListState,
  type KeysListState,
} from './keys-url-state';
import {
  createBlockedReason,
  KeysUnavailable,
  MasterKeyBanner,
  useMasterKeyState,
  withMasterKey,
} from './master-key-banner';
import { engineQuery } from '../../../client/engine-query';
import { useKeyRings, usePermissions } from '../../../client/shared-reads';
import { agree, plural } from '../../../components/format';
import { QueryFailure } from '../../../components/query-failure';
import { ListPagination } from '../../../components/list-pagination';

const SEARCH_DEBOUNCE_MS = 150;
const PREFETCHED_FRESH_MS = 2_000;

/**
 * The list's engine read, for the render and for the prefetch at the input alike: its answer
 * is not asked for again when the render joins it (notices still mark it stale at once).
 */
function keysQuery(ctx: CallContext, list: KeysListState) {
  return { ...engineQuery('listKeys', ctx, toListQuery(list)), staleTime: PREFETCHED_FRESH_MS };
}

export function Component() {
  const ctx = useCallContext();
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  // A new search, filter, sort or page asks the engine at once; the page's render joins that call.
  const [list, setList] = useKeysListState(
    (next) => void queryClient.prefetchQuery(keysQuery(ctx, next)),
  );
  const [searchText, setSearchText] = useState(list.search);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Key[]>([]);
  const [rotating, setRotating] = useState<Key | null>(null);

  const [columns, toggleColumn, fitRef] = useKeyColumns();
  const permissions = usePermissions();
  const masterKey = useMasterKeyState();
  const rings = useKeyRings();
  const keys = useQuery({ ...keysQuery(ctx, list), placeholderData: keepPreviousData });
  const visibleIds = keys.data?.keys.map((k) => k.id) ?? [];
  const rowPermissions = useQuery({
    ...engineQuery('getKeyPermissions', ctx, visibleIds),
    placeholderData: keepPreviousData,
    enabled: visibleIds.length > 0,
  });
  // Nothing in the default states: are there deleted keys (restorable for 30 days) to reach?
  const noDefaultKeys = keys.data?.total === 0 && !isFiltered(list);
  const deletedCount = useQuery({
    ...engineQuery('listKeys', ctx, { state: [KeyState.Destroyed], limit: 1 }),
    enabled: noDefaultKeys,
  });
  const onlyDeleted = noDefaultKeys && (deletedCount.data?.total ?? 0) > 0;
  const { runActions, report, gateOf, onBatch } = useKeyBatch(rowPermissions.data, setDeleting);
  const restore = useRestoreKey();
  const exporter = useExportKeys();

  // Typing searches once the user pauses; the URL (and so the engine query) follows.
  useEffect(() => {
    if (searchText === list.search) return;
    const timer = setTimeout(() => setList({ search: searchText }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, list.search, setList]);

  // Back/forward changes the URL's search: show it in the box (adjusted while rendering).
  const [urlSearch, setUrlSearch] = useState(list.search);
  if (urlSearch !== list.search) {
    setUrlSearch(list.search);
    setSearchText(list.search);
  }

  // A page past the end (keys deleted meanwhile, or an old link): go to the last page.
  const total = keys.data?.total;
  const lastPage = total === undefined ? 1 : Math.max(1, Math.ceil(total / list.pageSize));
  useEffect(() => {
    if (total !== undefined && list.page > lastPage) setList({ page: lastPage });
  }, [total, lastPage, list.page, setList]);

  function onRow(action: RowAction, key: Key) {
    const done = (title: string) => () => notify({ kind: 'success', title, subtitle: key.name });
    const failed = (error: unknown) =>
      notify({
        kind: 'error',
        title: failureMessage(error).title,
        subtitle: failureMessage(error).detail,
      });
    switch (action) {
      case 'open':
        void navigate(`/keys/${key.id}`);
        return;
      case 'rotate':
        // An imported key is rotated with new material, asked for on its page.
        if (key.imported) {
          void navigate(`/keys/${key.id}`);
          notify({
            kind: 'info',
            title: 'Rotate with new material',
            subtitle: `“${key.name}” was imported: choose Rotate on its page and bring the new material.`,
          });
          return;
        }
        setRotating(key);
        return;
      case 'copy-id':
        void navigator.clipboard?.writeText(key.id).then(done('ID copied')).catch(failed);
        return;
      case 'restore':
        restore.mutate(key.id, { onSuccess: done('Key restored'), onError: failed });
        return;
      case 'delete':
        setDeleting([key]);
        return;
      case 'enable':
      case 'disable':
        runActions.mutate(
          { action, keys: [key] },
          { onSuccess: (result) => report(action, result) },
        );
    }
  }

  const createButton = (
    <GatedButton
      permission={withMasterKey(permissions.data?.write, masterKey)}
      error={permissions.error}
      renderIcon={Add}
      onClick={() => setCreating(true)}
    >
      Create key
    </GatedButton>
  );

  const filtered = isFiltered(list);

  return (
    <>
      <h1 className="kw-page-title">Keys</h1>
      <MasterKeyBanner state={masterKey} />
      {keys.isPending ? (
        <DataTableSkeleton columnCount={8} rowCount={8} showHeader={false} />
      ) : keys.isError && masterKey && createBlockedReason(masterKey) ? (
        <KeysUnavailable createButton={createButton} />
      ) : keys.isError ? (
        <QueryFailure what="keys" query={keys} />
      ) : keys.data.total === 0 && !filtered && !onlyDeleted ? (
        <NoKeysYet createButton={createButton} />
      ) : (
        <div ref={fitRef} className="kw-keys-fit">
          <KeysTable
            columns={columns}
            updating={keys.isPlaceholderData}
            title="Keys of this instance"
            description={`${plural(keys.data.total, 'key')}${filtered ? ` ${agree(keys.data.total, 'matches', 'match')} the search and filters` : ''}`}
            keys={keys.data.keys}
            permissions={rowPermissions.data}
            sort={list.sort}
            onSort={(sort) => setList({ sort })}
            onRowAction={onRow}
            onBatchAction={onBatch}
            batchGate={gateOf}
            toolbar={
              <>
                <TableToolbarSearch
                  persistent
                  value={searchText}
                  labelText="Search keys"
                  placeholder="Search name or alias (name:, alias:, exact:, not:)"
                  onChange={(event) =>
                    setSearchText(typeof event === 'string' ? event : event.target.value)
                  }
                />
                <KeysFilters
                  state={list}
                  rings={rings.data?.keyRings.map((r) => r.id) ?? []}
                  onChange={setList}
                />
                <ColumnSettings visible={columns} onToggle={toggleColumn} />
                <Button
                  kind="ghost"
                  renderIcon={Download}
                  disabled={exporter.isPending || keys.data.total === 0}
                  onClick={() => exporter.mutate(toListQuery(list))}
                >
                  {exporter.isPending ? 'Exporting…' : 'Export CSV'}
                </Button>
                {createButton}
              </>
            }
            footer={
              <>
                {onlyDeleted ? (
                  <OnlyDeletedKeys
                    count={deletedCount.data?.total ?? 0}
                    onShow={() => setList({ states: [...DEFAULT_STATES, KeyState.Destroyed] })}
                  />
                ) : (
                  keys.data.keys.length === 0 && (
                    <NoKeysMatch
                      onClear={() => {
                        setSearchText('');
                        setList({
                          search: '',
                          states: DEFAULT_STATES,
                          type: undefined,
                          ring: undefined,
                          ...NO_POSTURE_FILTER,
                        });
                      }}
                    />
                  )
                )}
                <ListPagination
                  page={Math.min(list.page, lastPage)}
                  pageSize={list.pageSize}
                  pageSizes={PAGE_SIZES}
                  totalItems={keys.data.total}
                  onChange={setList}
                />
              </>
            }
          />
        </div>
      )}
      <CreateKeyModal
        open={creating}
        rings={rings.data?.keyRings.map((r) => r.id) ?? ['default']}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          notify({
            kind: 'success',
            title: 'Key created',
            subtitle: `“${key.name}” (${key.extractable ? 'standard' : 'root'} key) is ready.`,
          });
        }}
      />
      <RotateKeyModal keyItem={rotating} onClose={() => setRotating(null)} />
      <DeleteKeysModal
        keys={deleting}
        pending={runActions.isPending}
        onConfirm={(force) =>
          runActions.mutateAsync({ action: 'delete', keys: deleting, force }).then((result) => {
            report('delete', result);
            return result;
          })
        }
        onClose={() => setDeleting([])}
      />
    </>
  );
}
