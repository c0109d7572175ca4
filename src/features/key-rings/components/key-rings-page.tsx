/**
 * The key rings page (SPEC.md section 7): every ring of the instance with its key counts, creator
 * and date; create (Writer) and delete (Manager; only rings whose keys are all deleted, never
 * `default`). Each ring links to the keys page filtered by it. Controls a user may not use stay
 * visible, disabled, saying why.
 */
import { DataTableSkeleton, TableToolbarSearch } from '@carbon/react';
import { Add, TrashCan } from '@carbon/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { KeyRing, Permission } from '../../../domain/types';
import { useUserName } from '../../../client/session-query';
import { DataTable } from '../../../components/data-table';
import { DateTime } from '../../../components/date-time';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { CreateKeyRingModal } from './create-key-ring-modal';
import { DeleteKeyRingModal } from './delete-key-ring-modal';
import { deleteBlocker, MAX_KEY_RINGS } from './key-ring-rules';
import '../key-rings.scss';
import { useKeyRings, usePermissions } from '../../../client/shared-reads';
import { plural } from '../../../components/format';
import { QueryFailure } from '../../../components/query-failure';

function countLabel(ring: KeyRing): string {
  const keys = plural(ring.keyCount, 'key');
  return ring.deletedKeyCount > 0 ? `${keys} (${ring.deletedKeyCount} deleted)` : keys;
}

/** A role-based permission, reworded for rings ("needs the Manager role"). */
function ringPermission(p: Permission | undefined, what: string): Permission | undefined {
  if (!p || p.allowed) return p;
  return { ...p, reason: `${what} needs the ${p.needs ?? 'required'} role.` };
}

export function Component() {
  const notify = useNotify();
  const rings = useKeyRings();
  const permissions = usePermissions();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<KeyRing | undefined>(undefined);

  const userName = useUserName();
  const all = rings.data?.keyRings ?? [];
  const full = all.length > MAX_KEY_RINGS; // `default` is not counted
  const createPermission: Permission | undefined = full
    ? {
        allowed: false,
        reason: `An instance can have at most ${MAX_KEY_RINGS} key rings besides default; delete one first.`,
      }
    : ringPermission(permissions.data?.write, 'Creating a key ring');
  const shown = all.filter((r) => r.id.toLowerCase().includes(search.trim().toLowerCase()));

  return (
    <>
      <h1 className="kw-page-title">Key rings</h1>
      {rings.isPending ? (
        <DataTableSkeleton columnCount={5} rowCount={4} showHeader={false} />
      ) : rings.isError ? (
        <QueryFailure what="key rings" query={rings} />
      ) : (
        <DataTable
          title="Key rings of this instance"
          description={`${all.length} of at most ${MAX_KEY_RINGS} key rings. Access can be granted per ring; a ring can be deleted once every key in it is deleted.`}
          aria-label="Key rings"
          toolbar={
            <>
              <TableToolbarSearch
                persistent
                value={search}
                labelText="Search key rings"
                placeholder="Search key ring IDs"
                onChange={(event) =>
                  setSearch(typeof event === 'string' ? event : event.target.value)
                }
              />
              <GatedButton
                permission={createPermission}
                error={permissions.error}
                renderIcon={Add}
                onClick={() => setCreating(true)}
              >
                Create key ring
              </GatedButton>
            </>
          }
          empty={
            <section className="kw-empty kw-empty--inline" aria-label="No key rings match">
              <p>No key ring matches “{search}”.</p>
            </section>
          }
          rows={shown}
          rowKey={(ring) => ring.id}
          rowProps={(ring) => ({ 'data-ring': ring.id })}
          columns={[
            {
              key: 'id',
              header: 'Key ring',
              className: 'kw-ring-id-cell',
              cell: (ring) => (
                <Link
                  to={`/keys?ring=${encodeURIComponent(ring.id)}`}
                  className="kw-ring-id"
                  title={`Keys in ${ring.id}`}
                >
                  {ring.id}
                </Link>
              ),
            },
            { key: 'keys', header: 'Keys', className: 'kw-nowrap', cell: countLabel },
            {
              key: 'createdBy',
              header: 'Created by',
              wide: true,
              cell: (ring) => userName(ring.createdBy),
            },
            {
              key: 'creationDate',
              header: 'Created',
              wide: true,
              className: 'kw-nowrap',
              cell: (ring) => <DateTime iso={ring.creationDate} />,
            },
            {
              key: 'actions',
              header: 'Actions',
              hideHeader: true,
              className: 'kw-ring-actions',
              cell: (ring) => {
                const blocker = deleteBlocker(ring);
                const deletePermission: Permission | undefined = blocker
                  ? { allowed: false, reason: blocker }
                  : ringPermission(permissions.data?.manage, 'Deleting a key ring');
                return (
                  <GatedButton
                    kind="ghost"
                    size="sm"
                    renderIcon={TrashCan}
                    permission={deletePermission}
                    error={permissions.error}
                    onClick={() => setDeleting(ring)}
                  >
                    Delete<span className="cds--visually-hidden"> {ring.id}</span>
                  </GatedButton>
                );
              },
            },
          ]}
        />
      )}
      <CreateKeyRingModal
        open={creating}
        existing={all.map((r) => r.id)}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          notify({ kind: 'success', title: 'Key ring created', subtitle: id });
        }}
      />
      <DeleteKeyRingModal
        ring={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={(ring) => {
          setDeleting(undefined);
          notify({
            kind: 'success',
            title: 'Key ring deleted',
            subtitle:
              ring.deletedKeyCount > 0
                ? `${ring.id}: its ${plural(ring.deletedKeyCount, 'deleted key')} moved to default.`
                : ring.id,
          });
        }}
      />
    </>
  );
}
