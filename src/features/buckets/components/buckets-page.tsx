/**
 * The buckets page: the object storage instance's buckets with their encryption (provider, or
 * the protecting key, linked), object count, size and retention; creating a bucket is role-gated.
 */
import { DataTableSkeleton, TableToolbarSearch, Tag } from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { StateTag } from '../../../components/state-tag';
import type { Bucket } from '../../../domain/storage';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery } from '../../../client/session-query';
import { DataTable } from '../../../components/data-table';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useStorageContext } from '../api/storage-context';
import { formatRetention } from '../format';
import { CreateBucketModal } from './create-bucket-modal';
import { StorageUnavailable } from './storage-unavailable';
import '../buckets.scss';
import { engineQuery } from '../../../client/engine-query';
import { formatBytes, plural } from '../../../components/format';

export function EncryptionCell({ bucket }: { bucket: Bucket }) {
  if (bucket.encryption.type === 'provider') return <span>Provider-managed</span>;
  const key = bucket.key;
  return (
    <span>
      <Link to={`/keys/${bucket.encryption.keyId}`}>{key?.name ?? bucket.encryption.keyId}</Link>{' '}
      {key?.state !== undefined ? (
        // The console's one state tag: the same colours as the keys table and key page.
        <StateTag state={key.state} />
      ) : (
        <Tag size="sm" type="red">
          Unreachable
        </Tag>
      )}
    </span>
  );
}

export function Component() {
  const storage = useStorageContext();
  const ctx = storage.status === 'ready' ? storage.ctx : undefined;
  const session = useQuery(sessionQuery());
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const buckets = useQuery({
    ...engineQuery('listBuckets', ctx ?? { userId: '', instanceId: '' }),
    enabled: !!ctx,
  });
  const permissions = useQuery({
    ...engineQuery('getStoragePermissions', ctx ?? { userId: '', instanceId: '' }),
    enabled: !!ctx,
  });
  const instanceName = (id: string) => session.data?.instances.find((i) => i.id === id)?.name ?? id;

  const createButton = (
    <GatedButton
      permission={permissions.data?.write}
      error={permissions.error}
      renderIcon={Add}
      onClick={() => setCreating(true)}
    >
      Create bucket
    </GatedButton>
  );

  const skeleton = <DataTableSkeleton columnCount={6} rowCount={3} />;
  let body;
  if (storage.status !== 'ready')
    body = <StorageUnavailable storage={storage} skeleton={skeleton} />;
  else if (buckets.isPending) body = skeleton;
  else if (buckets.isError) body = <FailureNotice failure={errorMessage(buckets.error)} />;
  else if (buckets.data.total === 0)
    body = (
      <section className="kw-empty" aria-labelledby="no-buckets">
        <h2 id="no-buckets" className="kw-section-title">
          No buckets yet
        </h2>
        <p>
          A bucket holds objects, each encrypted with its own data key. Choose customer-managed
          encryption to protect those data keys with a root key of Key Protect: then the key’s state
          decides whether the bucket can be read.
        </p>
        {createButton}
      </section>
    );
  else {
    const needle = search.trim().toLowerCase();
    const shown = buckets.data.buckets.filter(
      (b) =>
        !needle || b.name.includes(needle) || (b.key?.name ?? '').toLowerCase().includes(needle),
    );
    body = (
      <DataTable
        title="Buckets"
        description={`${plural(buckets.data.total, 'bucket')} in ${ctx ? instanceName(ctx.instanceId) : ''}`}
        aria-label="Buckets"
        size="lg"
        toolbar={
          <>
            <TableToolbarSearch
              persistent
              placeholder="Search by bucket or key name"
              onChange={(event) =>
                setSearch(typeof event === 'string' ? event : event.target.value)
              }
            />
            {createButton}
          </>
        }
        empty={
          <section className="kw-empty kw-empty--inline" aria-label="No buckets match">
            <p>No bucket matches “{search}”.</p>
          </section>
        }
        rows={shown}
        rowKey={(b) => b.name}
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (b) => (
              <Link className="kw-break-all" to={`/buckets/${encodeURIComponent(b.name)}`}>
                {b.name}
              </Link>
            ),
          },
          {
            key: 'instance',
            header: 'Instance',
            wide: true,
            cell: (b) => instanceName(b.instanceId),
          },
          { key: 'encryption', header: 'Encryption', cell: (b) => <EncryptionCell bucket={b} /> },
          { key: 'objects', header: 'Objects', cell: (b) => b.objectCount },
          { key: 'size', header: 'Size', wide: true, cell: (b) => formatBytes(b.size) },
          {
            key: 'retention',
            header: 'Retention',
            wide: true,
            cell: (b) => formatRetention(b.retentionDays),
          },
        ]}
      />
    );
  }

  return (
    <div>
      <h1 className="kw-page-title">Buckets</h1>
      {body}
      {creating && ctx && <CreateBucketModal ctx={ctx} onClose={() => setCreating(false)} />}
    </div>
  );
}
