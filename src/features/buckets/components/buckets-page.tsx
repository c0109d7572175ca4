/**
 * The buckets page: the object storage instance's buckets with their encryption (provider, or
 * the protecting key, linked), object count, size and retention; creating a bucket is role-gated.
 */
import {
  DataTable,
  DataTableSkeleton,
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
  Tag,
} from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { StateTag } from '../../../components/state-tag';
import type { Bucket } from '../../../domain/storage';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery } from '../../../client/session-query';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useStorageContext } from '../api/storage-context';
import { formatRetention } from '../format';
import { CreateBucketModal } from './create-bucket-modal';
import { StorageUnavailable } from './storage-unavailable';
import '../buckets.scss';
import { engineQuery } from '../../../client/engine-query';
import { formatBytes, plural } from '../../../components/format';

const HEADERS = [
  { key: 'name', header: 'Name' },
  { key: 'instance', header: 'Instance' },
  { key: 'encryption', header: 'Encryption' },
  { key: 'objects', header: 'Objects' },
  { key: 'size', header: 'Size' },
  { key: 'retention', header: 'Retention' },
];

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
    const rows = shown.map((b) => ({ id: b.name, name: b.name }));
    const byName = new Map(shown.map((b) => [b.name, b]));
    body = (
      <DataTable rows={rows} headers={HEADERS}>
        {({ headers, getTableProps, getHeaderProps, getToolbarProps }) => (
          <TableContainer
            title="Buckets"
            description={`${plural(buckets.data.total, 'bucket')} in ${ctx ? instanceName(ctx.instanceId) : ''}`}
          >
            <TableToolbar {...getToolbarProps()} aria-label="Buckets toolbar">
              <TableToolbarContent>
                <TableToolbarSearch
                  persistent
                  placeholder="Search by bucket or key name"
                  onChange={(event) =>
                    setSearch(typeof event === 'string' ? event : event.target.value)
                  }
                />
                {createButton}
              </TableToolbarContent>
            </TableToolbar>
            <Table {...getTableProps()} aria-label="Buckets">
              <TableHead>
                <TableRow>
                  {headers.map((h) => {
                    const { key, ...props } = getHeaderProps({ header: h });
                    return (
                      <TableHeader key={key} {...props}>
                        {h.header}
                      </TableHeader>
                    );
                  })}
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={6}>No bucket matches “{search}”.</TableCell>
                  </TableRow>
                )}
                {rows.map((row) => {
                  const b = byName.get(row.id) as Bucket;
                  return (
                    <TableRow key={b.name}>
                      <TableCell>
                        <Link
                          className="kw-break-all"
                          to={`/buckets/${encodeURIComponent(b.name)}`}
                        >
                          {b.name}
                        </Link>
                      </TableCell>
                      <TableCell>{instanceName(b.instanceId)}</TableCell>
                      <TableCell>
                        <EncryptionCell bucket={b} />
                      </TableCell>
                      <TableCell>{b.objectCount}</TableCell>
                      <TableCell>{formatBytes(b.size)}</TableCell>
                      <TableCell>{formatRetention(b.retentionDays)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </DataTable>
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
