/**
 * The Access page: the account's users with their roles and scopes (add, assign a role, remove),
 * every access policy (revoke), and "what can this user do?". Changes are for Administrators;
 * others see the page with its controls disabled and the reason.
 */
import { DataTableSkeleton, InlineNotification, TableToolbarSearch, Tag } from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccessPolicy, User } from '../../../domain/types';
import { useAdministrator } from '../../../client/administrator';
import { useCallContext } from '../../../client/call-context';
import { sessionQuery } from '../../../client/session-query';
import { DataTable } from '../../../components/data-table';
import { DateTime } from '../../../components/date-time';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { scopeLabel } from '../scope-label';
import { AccessCheck } from './access-check';
import { AddUserModal } from './add-user-modal';
import { GrantAccessModal } from './grant-access-modal';
import { RemoveUserModal, RevokeAccessModal } from './remove-access-modals';
import { plural } from '../../../components/format';
import { QueryFailure } from '../../../components/query-failure';

export function Component() {
  const ctx = useCallContext();
  const notify = useNotify();
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const [search, setSearch] = useState('');
  const [adding, setAdding] = useState(false);
  const [granting, setGranting] = useState<{ userId?: string } | undefined>();
  const [removing, setRemoving] = useState<User | undefined>();
  const [revoking, setRevoking] = useState<AccessPolicy | undefined>();

  if (session.isError && !session.data)
    return (
      <>
        <h1 className="kw-page-title">Access</h1>
        <QueryFailure what="users" query={session} />
      </>
    );
  if (!session.data)
    return (
      <>
        <h1 className="kw-page-title">Access</h1>
        <DataTableSkeleton columnCount={4} rowCount={4} aria-label="Loading users" />
      </>
    );
  const { instances } = session.data;
  const users = [...session.data.users].sort((a, b) => a.name.localeCompare(b.name));
  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  // Stable order: by user, then role, then when granted.
  const policies = [...session.data.policies].sort(
    (a, b) =>
      userName(a.userId).localeCompare(userName(b.userId)) ||
      a.role.localeCompare(b.role) ||
      a.createdAt.localeCompare(b.createdAt),
  );
  const needle = search.trim().toLowerCase();
  const shown = users.filter(
    (u) => needle === '' || `${u.name} ${u.email}`.toLowerCase().includes(needle),
  );
  const policyText = (p: AccessPolicy) => `${p.role} on ${scopeLabel(p.scope, instances)}`;

  return (
    <>
      <h1 className="kw-page-title">Access</h1>
      {admin.permission && !admin.permission.allowed && (
        <InlineNotification
          kind="info"
          title="View only"
          subtitle={admin.permission.reason ?? ''}
          hideCloseButton
          lowContrast
        />
      )}
      <DataTable
        title="Users"
        description={`${plural(users.length, 'user')} in this account`}
        className="kw-access-users"
        aria-label="Users"
        toolbar={
          <>
            <TableToolbarSearch
              persistent
              labelText="Search users"
              placeholder="Search by name or email"
              value={search}
              onChange={(e) => setSearch(typeof e === 'string' ? e : e.target.value)}
            />
            <GatedButton {...admin} renderIcon={Add} onClick={() => setAdding(true)}>
              Add user
            </GatedButton>
          </>
        }
        empty={
          <section className="kw-empty kw-empty--inline" aria-label="No users match">
            <p>No user’s name or email contains “{search}”.</p>
          </section>
        }
        rows={shown}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ 'data-testid': `user-${u.id}` })}
        columns={[
          {
            key: 'name',
            header: 'Name',
            className: 'kw-user-name',
            cell: (u) => (
              <>
                {u.name}
                {u.id === ctx.userId && (
                  <Tag type="blue" size="sm">
                    you
                  </Tag>
                )}
              </>
            ),
          },
          {
            key: 'email',
            header: 'Email',
            className: 'kw-break',
            wide: true,
            cell: (u) => u.email,
          },
          {
            key: 'roles',
            header: 'Roles and scopes',
            cell: (u) => {
              const own = policies.filter((p) => p.userId === u.id);
              return own.length === 0 ? (
                <span className="kw-muted">No access</span>
              ) : (
                <ul className="kw-role-list">
                  {own.map((p) => (
                    <li key={p.id}>{policyText(p)}</li>
                  ))}
                </ul>
              );
            },
          },
          {
            key: 'actions',
            header: 'Actions',
            hideHeader: true,
            className: 'kw-row-actions',
            cell: (u) => (
              <>
                <GatedButton
                  {...admin}
                  kind="ghost"
                  size="sm"
                  aria-label={`Assign role to ${u.name}`}
                  onClick={() => setGranting({ userId: u.id })}
                >
                  Assign role
                </GatedButton>
                <GatedButton
                  {...admin}
                  kind="danger--ghost"
                  size="sm"
                  aria-label={`Remove ${u.name}`}
                  onClick={() => setRemoving(u)}
                >
                  Remove
                </GatedButton>
              </>
            ),
          },
        ]}
      />

      <DataTable
        title="Access policies"
        description="Each grants one role at one scope; roles add up."
        className="kw-access-policies"
        aria-label="Access policies"
        toolbar={
          <GatedButton {...admin} renderIcon={Add} onClick={() => setGranting({})}>
            Assign role
          </GatedButton>
        }
        rows={policies}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `policy-${p.id}` })}
        columns={[
          { key: 'user', header: 'User', cell: (p) => userName(p.userId) },
          { key: 'role', header: 'Role', cell: (p) => p.role },
          {
            key: 'scope',
            header: 'Scope',
            className: 'kw-break',
            cell: (p) => scopeLabel(p.scope, instances),
          },
          {
            key: 'granted',
            header: 'Granted',
            wide: true,
            cell: (p) => <DateTime iso={p.createdAt} />,
          },
          {
            key: 'actions',
            header: 'Actions',
            hideHeader: true,
            className: 'kw-row-actions',
            cell: (p) => (
              <GatedButton
                {...admin}
                kind="danger--ghost"
                size="sm"
                aria-label={`Revoke ${p.role} on ${scopeLabel(p.scope, instances)} from ${userName(p.userId)}`}
                onClick={() => setRevoking(p)}
              >
                Revoke
              </GatedButton>
            ),
          },
        ]}
      />

      <AccessCheck
        users={users}
        instances={instances}
        canCheckOthers={admin.permission?.allowed === true}
      />

      {adding && (
        <AddUserModal
          onClose={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            notify({
              kind: 'success',
              title: `Added ${user.name}`,
              subtitle: 'Assign a role to give them access.',
            });
          }}
        />
      )}
      {granting && (
        <GrantAccessModal
          users={users}
          instances={instances}
          initialUserId={granting.userId}
          initialInstanceId={ctx.instanceId}
          onClose={() => setGranting(undefined)}
          onGranted={(policy) => {
            setGranting(undefined);
            notify({
              kind: 'success',
              title: `${userName(policy.userId)} now has ${policyText(policy)}`,
            });
          }}
        />
      )}
      {removing && (
        <RemoveUserModal
          user={removing}
          policyCount={policies.filter((p) => p.userId === removing.id).length}
          onClose={() => setRemoving(undefined)}
        />
      )}
      {revoking && (
        <RevokeAccessModal
          policy={revoking}
          policyText={policyText(revoking)}
          userName={userName(revoking.userId)}
          onClose={() => setRevoking(undefined)}
        />
      )}
    </>
  );
}
