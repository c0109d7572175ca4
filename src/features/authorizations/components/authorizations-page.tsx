/**
 * The Authorizations page: which object-storage instance may use which keys (source, target,
 * scope, role, who created it and when, the buckets depending on it), the way into the wizard,
 * and delete. `?highlight=<id>` marks one row: the wizard links there for a duplicate ("Existing
 * authorization") and after creating one (`&created=1`: "New authorization").
 */
import { DataTableSkeleton, InlineNotification, TableToolbarSearch, Tag } from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ServiceAuthorization } from '../../../domain/types';
import { useAdministrator } from '../../../client/administrator';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery, useUserName } from '../../../client/session-query';
import { DataTable } from '../../../components/data-table';
import { DateTime } from '../../../components/date-time';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { instanceLabel, scopeText, serviceLabel } from '../describe';
import { DeleteAuthorizationModal } from './delete-authorization-modal';
import { engineQuery } from '../../../client/engine-query';
import { plural } from '../../../components/format';

export function Component() {
  const ctx = useCallContext();
  const navigate = useNavigate();
  const notify = useNotify();
  const [params] = useSearchParams();
  const highlight = params.get('highlight');
  const justCreated = params.get('created') === '1';
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const isAdmin = admin.permission?.allowed === true;
  const list = useQuery({ ...engineQuery('listAuthorizations', ctx), enabled: isAdmin });
  const [search, setSearch] = useState('');
  const [deleting, setDeleting] = useState<ServiceAuthorization | undefined>();
  const instances = session.data?.instances ?? [];
  const userName = useUserName();

  useEffect(() => {
    if (highlight && list.data)
      document.getElementById(`authorization-${highlight}`)?.scrollIntoView({ block: 'center' });
  }, [highlight, list.data]);

  const needle = search.trim().toLowerCase();
  const rows = (list.data?.authorizations ?? []).filter((a) => {
    if (needle === '') return true;
    const text = [
      instanceLabel(a.sourceInstanceId, instances),
      instanceLabel(a.targetInstanceId, instances),
      scopeText(a),
    ]
      .join(' ')
      .toLowerCase();
    return text.includes(needle);
  });

  return (
    <>
      <h1 className="kw-page-title">Service authorizations</h1>
      <p className="kw-page-intro">
        An authorization lets an object storage instance use a key management instance’s root keys
        (all of them, one key ring’s, or one key) to protect its buckets.
      </p>
      {admin.permission && !isAdmin ? (
        <InlineNotification
          kind="info"
          title="Administrators only"
          subtitle={admin.permission.reason ?? ''}
          hideCloseButton
          lowContrast
        />
      ) : null}
      <DataTable
        title="Authorizations"
        className="kw-authorizations"
        description={list.data ? plural(list.data.total, 'authorization') : undefined}
        aria-label="Service authorizations"
        toolbar={
          <>
            <TableToolbarSearch
              persistent
              labelText="Search authorizations"
              placeholder="Search by instance or scope"
              value={search}
              disabled={!isAdmin}
              onChange={(e) => setSearch(typeof e === 'string' ? e : e.target.value)}
            />
            <GatedButton
              {...admin}
              renderIcon={Add}
              onClick={() => void navigate('/authorizations/new')}
            >
              Create authorization
            </GatedButton>
          </>
        }
        // Until the list is here (and for anyone not an Administrator) the rows are none, and
        // what stands in for the table says why.
        empty={
          !admin.permission && admin.error ? (
            <FailureNotice failure={errorMessage(admin.error)} />
          ) : !admin.permission ? (
            <DataTableSkeleton
              columnCount={7}
              rowCount={3}
              showHeader={false}
              showToolbar={false}
            />
          ) : !isAdmin ? (
            <section className="kw-empty kw-empty--inline" aria-label="Not available">
              <p>Only an account Administrator can see and change service authorizations.</p>
            </section>
          ) : list.isError ? (
            <FailureNotice failure={errorMessage(list.error)} />
          ) : !list.data ? (
            <DataTableSkeleton
              columnCount={7}
              rowCount={3}
              showHeader={false}
              showToolbar={false}
            />
          ) : list.data.total === 0 ? (
            <section className="kw-empty" aria-labelledby="no-authorizations">
              <h2 id="no-authorizations">No service authorizations yet</h2>
              <p>
                Without one, object storage cannot find any root key: creating a bucket with a
                customer-managed key fails with “The key CRN could not be found”.
              </p>
            </section>
          ) : (
            <section className="kw-empty kw-empty--inline" aria-label="No authorizations match">
              <p>No authorization’s instances or scope contain “{search}”.</p>
            </section>
          )
        }
        rows={isAdmin && !list.isError ? rows : []}
        rowKey={(a) => a.id}
        rowProps={(a) => ({
          id: `authorization-${a.id}`,
          'data-testid': `authorization-${a.id}`,
          className: a.id === highlight ? 'kw-row-highlight' : undefined,
        })}
        columns={[
          {
            key: 'source',
            header: 'Source',
            cell: (a) => (
              <>
                <div>{instanceLabel(a.sourceInstanceId, instances)}</div>
                <div className="kw-muted">{serviceLabel(a.sourceInstanceId, instances)}</div>
              </>
            ),
          },
          {
            key: 'target',
            header: 'Target',
            cell: (a) => (
              <>
                <div>{instanceLabel(a.targetInstanceId, instances)}</div>
                <div className="kw-muted">{serviceLabel(a.targetInstanceId, instances)}</div>
              </>
            ),
          },
          {
            key: 'scope',
            header: 'Scope',
            className: 'kw-break',
            cell: (a) => (
              <>
                {scopeText(a)}
                {a.id === highlight && (
                  <Tag type={justCreated ? 'green' : 'purple'} size="sm">
                    {justCreated ? 'New authorization' : 'Existing authorization'}
                  </Tag>
                )}
              </>
            ),
          },
          { key: 'role', header: 'Role', wide: true, cell: (a) => a.role },
          {
            key: 'created',
            header: 'Created',
            wide: true,
            cell: (a) => (
              <>
                <div>{userName(a.createdBy)}</div>
                <DateTime iso={a.createdAt} className="kw-muted" />
              </>
            ),
          },
          {
            key: 'usedBy',
            header: 'Used by',
            cell: (a) => {
              const dependents = list.data?.dependents[a.id] ?? [];
              return dependents.length === 0 ? (
                <span className="kw-muted">No buckets</span>
              ) : (
                dependents.join(', ')
              );
            },
          },
          {
            key: 'actions',
            header: 'Actions',
            hideHeader: true,
            className: 'kw-row-actions',
            cell: (a) => (
              <GatedButton
                {...admin}
                kind="danger--ghost"
                size="sm"
                aria-label={`Delete authorization of ${instanceLabel(a.sourceInstanceId, instances)} for ${instanceLabel(a.targetInstanceId, instances)} (${scopeText(a)})`}
                onClick={() => setDeleting(a)}
              >
                Delete
              </GatedButton>
            ),
          },
        ]}
      />
      {deleting && (
        <DeleteAuthorizationModal
          authorization={deleting}
          dependents={list.data?.dependents[deleting.id] ?? []}
          instances={instances}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notify({ kind: 'success', title: 'Authorization deleted' });
            setDeleting(undefined);
          }}
        />
      )}
    </>
  );
}
