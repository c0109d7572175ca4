/**
 * The keys page: the instance's keys, answered by the engine one page at a time. Search, filters,
 * sort and paging live in the URL; row menus and batch actions follow each key's state and the
 * acting user's role on it; creating a key is role-gated.
 */
import {
  ActionableNotification,
  Button,
  DataTableSkeleton,
  Pagination,
  TableToolbarSearch,
} from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { KeyState, stateAllows } from '../../../domain/key-state';
import type { Key } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useRunKeyActions, type KeyLifecycleAction } from '../api/run-key-actions';
import { useRestoreKey } from '../api/restore-key';
import { useRotateKey } from '../api/rotate-key';
import { CreateKeyModal } from './create-key-modal';
import { DeleteKeysModal } from './delete-keys-modal';
import type { RowAction } from './key-row-menu';
import { hasPostureFilter, KeysFilters, NO_POSTURE_FILTER } from './keys-filters';
import { KeysTable, type BatchAction } from './keys-table';
import {
  createBlockedReason,
  KeysUnavailable,
  MasterKeyBanner,
  useMasterKeyState,
  withMasterKey,
} from './master-key-banner';
import { DEFAULT_STATES, PAGE_SIZES, toListQuery, useKeysListState } from './keys-url-state';
import { engineQuery } from '../../../client/engine-query';
import { useKeyRings, usePermissions } from '../../../client/shared-reads';

const SEARCH_DEBOUNCE_MS = 250;

/** Whether a key's state lets this batch action apply to it. */
function stateFits(action: KeyLifecycleAction, key: Key): boolean {
  if (action === 'enable') return key.state === KeyState.Suspended;
  if (action === 'disable') return key.state === KeyState.Active;
  return stateAllows(key.state, 'delete');
}

const PAST = { enable: 'Enabled', disable: 'Disabled', delete: 'Deleted' } as const;

export function Component() {
  const ctx = useCallContext();
  const navigate = useNavigate();
  const notify = useNotify();
  const [list, setList] = useKeysListState();
  const [searchText, setSearchText] = useState(list.search);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Key[]>([]);

  const permissions = usePermissions();
  const masterKey = useMasterKeyState();
  const rings = useKeyRings();
  const keys = useQuery({
    ...engineQuery('listKeys', ctx, toListQuery(list)),
    placeholderData: keepPreviousData,
  });
  const visibleIds = keys.data?.keys.map((k) => k.id) ?? [];
  const rowPermissions = useQuery({
    ...engineQuery('getKeyPermissions', ctx, visibleIds),
    placeholderData: keepPreviousData,
    enabled: visibleIds.length > 0,
  });
  const runActions = useRunKeyActions();
  const rotate = useRotateKey();
  const restore = useRestoreKey();

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

  function report(
    action: KeyLifecycleAction,
    result: { done: Key[]; refused: { key: Key; reason: string }[] },
  ) {
    if (result.done.length > 0)
      notify({
        kind: 'success',
        title: `${PAST[action]} ${result.done.length} key${result.done.length === 1 ? '' : 's'}`,
        subtitle: result.done.map((k) => k.name).join(', '),
      });
    for (const { key, reason } of result.refused)
      notify({
        kind: 'error',
        title: `“${key.name}” was not ${PAST[action].toLowerCase()}`,
        subtitle: reason,
      });
  }

  function onBatch(action: BatchAction, selected: Key[]) {
    const eligible = selected.filter(
      (k) => stateFits(action, k) && rowPermissions.data?.[k.id]?.manage.allowed === true,
    );
    const skipped = selected.length - eligible.length;
    if (eligible.length === 0) {
      notify({
        kind: 'warning',
        title: `Nothing to ${action}`,
        subtitle: `None of the selected keys can be ${PAST[action].toLowerCase()}: check their state, and that your role allows it (Manager).`,
      });
      return;
    }
    if (skipped > 0)
      notify({
        kind: 'info',
        title: `${skipped} selected key${skipped === 1 ? '' : 's'} left out`,
        subtitle: `Their state or your role does not allow this (${action} needs the Manager role).`,
      });
    if (action === 'delete') setDeleting(eligible);
    else
      runActions.mutate(
        { action, keys: eligible },
        { onSuccess: (result) => report(action, result) },
      );
  }

  function onRow(action: RowAction, key: Key) {
    const done = (title: string) => () => notify({ kind: 'success', title, subtitle: key.name });
    const failed = (error: unknown) =>
      notify({
        kind: 'error',
        title: errorMessage(error).title,
        subtitle: errorMessage(error).detail,
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
        rotate.mutate(key.id, { onSuccess: done('Key rotated'), onError: failed });
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

  const filtered =
    list.search !== '' ||
    list.type !== undefined ||
    list.ring !== undefined ||
    list.states.join() !== DEFAULT_STATES.join() ||
    hasPostureFilter(list);

  return (
    <>
      <h1 className="kw-page-title">Keys</h1>
      <MasterKeyBanner state={masterKey} />
      {keys.isPending ? (
        <DataTableSkeleton columnCount={8} rowCount={8} showHeader={false} />
      ) : keys.isError && masterKey && createBlockedReason(masterKey) ? (
        <KeysUnavailable createButton={createButton} />
      ) : keys.isError ? (
        <ActionableNotification
          inline
          kind="error"
          title={`Could not load keys: ${errorMessage(keys.error).title}`}
          subtitle={errorMessage(keys.error).detail}
          actionButtonLabel="Retry"
          onActionButtonClick={() => void keys.refetch()}
          hideCloseButton
          lowContrast
        />
      ) : keys.data.total === 0 && !filtered ? (
        <section className="kw-empty" aria-labelledby="no-keys">
          <h2 id="no-keys">No keys yet</h2>
          <p>
            Create a root key to protect data encryption keys, or a standard key to hold a secret.
            Keys you create appear here.
          </p>
          {createButton}
        </section>
      ) : (
        <KeysTable
          title="Keys of this instance"
          description={`${keys.data.total.toLocaleString()} key${keys.data.total === 1 ? '' : 's'}${filtered ? ' match the search and filters' : ''}`}
          keys={keys.data.keys}
          permissions={rowPermissions.data}
          sort={list.sort}
          onSort={(sort) => setList({ sort })}
          onRowAction={onRow}
          onBatchAction={onBatch}
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
              {createButton}
            </>
          }
          footer={
            <>
              {keys.data.keys.length === 0 && (
                <div className="kw-empty kw-empty--inline">
                  <p>No keys match these filters.</p>
                  <Button
                    kind="tertiary"
                    size="sm"
                    onClick={() => {
                      setSearchText('');
                      setList({
                        search: '',
                        states: DEFAULT_STATES,
                        type: undefined,
                        ring: undefined,
                        ...NO_POSTURE_FILTER,
                      });
                    }}
                  >
                    Clear search and filters
                  </Button>
                </div>
              )}
              <Pagination
                page={Math.min(list.page, lastPage)}
                pageSize={list.pageSize}
                pageSizes={PAGE_SIZES}
                totalItems={keys.data.total}
                onChange={({ page, pageSize }) => setList({ page, pageSize })}
              />
            </>
          }
        />
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
