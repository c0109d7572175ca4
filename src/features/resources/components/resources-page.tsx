/**
 * The Resources page: the account's service instances grouped by kind, with region and what each
 * holds; create (modal), rename and delete for Administrators; and "Use" to make a key
 * management instance the console's current one.
 */
import { Button, DataTableSkeleton, InlineNotification, Tag } from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { INSTANCE_KIND_LABELS, INSTANCE_KINDS } from '../../../domain/access-validation';
import type { InstanceUsage } from '../../../domain/api';
import type { InstanceKind, ServiceInstance } from '../../../domain/types';
import { useAdministrator } from '../../../client/administrator';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { setInstanceId } from '../../../client/session';
import { sessionQuery } from '../../../client/session-query';
import { DataTable } from '../../../components/data-table';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { CreateInstanceModal } from './create-instance-modal';
import { DeleteInstanceModal } from './delete-instance-modal';
import { RenameInstanceModal } from './rename-instance-modal';
import { engineQuery } from '../../../client/engine-query';
import { plural } from '../../../components/format';

function holdings(kind: InstanceKind, usage: InstanceUsage | undefined): string {
  if (!usage) return '—';
  const parts =
    kind === 'cos'
      ? [plural(usage.resources.length, 'bucket')]
      : [
          `${plural(usage.activeKeys, 'key')}${usage.deletedKeys > 0 ? ` (+${usage.deletedKeys} deleted)` : ''}`,
          plural(usage.keyRings, 'key ring'),
        ];
  parts.push(plural(usage.authorizations, 'authorization'));
  return parts.join(' · ');
}

export function Component() {
  const ctx = useCallContext();
  const notify = useNotify();
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const isAdmin = admin.permission?.allowed === true;
  const usage = useQuery({ ...engineQuery('getInstanceUsage', ctx), enabled: isAdmin });
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<ServiceInstance | undefined>();
  const [deleting, setDeleting] = useState<ServiceInstance | undefined>();
  const instances = session.data?.instances ?? [];

  function use(instance: ServiceInstance) {
    setInstanceId(instance.id);
    notify({
      kind: 'success',
      title: `Now working in ${instance.name}`,
      subtitle: 'The keys and events pages show this instance.',
    });
  }

  return (
    <>
      <h1 className="kw-page-title">Resources</h1>
      <p className="kw-page-intro">
        The account’s service instances. Keys live in Key Protect and Hyper Protect Crypto Services
        instances; buckets live in Cloud Object Storage instances.
      </p>
      {admin.permission && !isAdmin && (
        <InlineNotification
          kind="info"
          title="View only"
          subtitle={`${admin.permission.reason ?? ''} You can still choose which instance to work in.`}
          hideCloseButton
          lowContrast
        />
      )}
      {usage.isError && (
        <InlineNotification
          kind="error"
          title="Could not count what the instances hold"
          subtitle={errorMessage(usage.error).detail}
          hideCloseButton
          lowContrast
        />
      )}
      <div className="kw-page-actions">
        <GatedButton {...admin} renderIcon={Add} onClick={() => setCreating(true)}>
          Create instance
        </GatedButton>
      </div>
      {!session.data ? (
        <DataTableSkeleton columnCount={5} rowCount={3} aria-label="Loading instances" />
      ) : (
        INSTANCE_KINDS.map((kind) => {
          const ofKind = instances
            .filter((i) => i.kind === kind)
            .sort((a, b) => a.name.localeCompare(b.name));
          const title = INSTANCE_KIND_LABELS[kind];
          return (
            <DataTable
              key={kind}
              title={title}
              description={`${plural(ofKind.length, 'instance')} (${kind})`}
              className="kw-resources-group"
              aria-label={`${title} instances`}
              empty={
                <section className="kw-empty kw-empty--inline" aria-label={`No ${title} instances`}>
                  <p>
                    No {title} instances yet.{' '}
                    {kind === 'hpcs'
                      ? 'An Administrator can create one; it holds keys once its master key is loaded.'
                      : 'An Administrator can create one.'}
                  </p>
                </section>
              }
              rows={ofKind}
              rowKey={(instance) => instance.id}
              rowProps={(instance) => ({ 'data-testid': `instance-${instance.id}` })}
              columns={[
                {
                  key: 'name',
                  header: 'Name',
                  cell: (instance) => (
                    <>
                      <div className="kw-instance-name">{instance.name}</div>
                      <div className="kw-mono kw-muted kw-instance-id">{instance.id}</div>
                      {kind === 'hpcs' && (
                        <Link to={`/hpcs/${instance.id}`}>
                          Crypto units and master key ceremony
                        </Link>
                      )}
                    </>
                  ),
                },
                {
                  key: 'region',
                  header: 'Region',
                  wide: true,
                  cell: (instance) => instance.region,
                },
                // What an instance holds is the Administrator's view (getInstanceUsage).
                ...(isAdmin
                  ? [
                      {
                        key: 'holds',
                        header: 'Holds',
                        cell: (instance: ServiceInstance) =>
                          holdings(kind, usage.data?.[instance.id]),
                      },
                    ]
                  : []),
                {
                  key: 'actions',
                  header: 'Actions',
                  hideHeader: true,
                  className: 'kw-row-actions',
                  cell: (instance) => (
                    <>
                      {kind !== 'cos' &&
                        (instance.id === ctx.instanceId ? (
                          <Tag type="blue" size="sm">
                            Current instance
                          </Tag>
                        ) : (
                          <Button
                            kind="ghost"
                            size="sm"
                            onClick={() => use(instance)}
                            aria-label={`Use ${instance.name}`}
                          >
                            Use
                          </Button>
                        ))}
                      <GatedButton
                        {...admin}
                        kind="ghost"
                        size="sm"
                        aria-label={`Rename ${instance.name}`}
                        onClick={() => setRenaming(instance)}
                      >
                        Rename
                      </GatedButton>
                      <GatedButton
                        {...admin}
                        kind="danger--ghost"
                        size="sm"
                        aria-label={`Delete ${instance.name}`}
                        onClick={() => setDeleting(instance)}
                      >
                        Delete
                      </GatedButton>
                    </>
                  ),
                },
              ]}
            />
          );
        })
      )}
      {creating && (
        <CreateInstanceModal
          onClose={() => setCreating(false)}
          onCreated={(instance) => {
            setCreating(false);
            notify({
              kind: 'success',
              title: `Created ${instance.name}`,
              subtitle: `${INSTANCE_KIND_LABELS[instance.kind]} in ${instance.region}.`,
            });
          }}
        />
      )}
      {renaming && (
        <RenameInstanceModal
          instance={renaming}
          onClose={() => setRenaming(undefined)}
          onRenamed={(instance) => {
            setRenaming(undefined);
            notify({ kind: 'success', title: `Renamed to ${instance.name}` });
          }}
        />
      )}
      {deleting && (
        <DeleteInstanceModal
          instance={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notify({ kind: 'success', title: `Deleted ${deleting.name}` });
            setDeleting(undefined);
          }}
        />
      )}
    </>
  );
}
