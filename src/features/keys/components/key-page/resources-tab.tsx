/** The resources a key protects (its registrations, SPEC.md section 8), or why there are none. */
import { DataTableSkeleton, Stack, Tag } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Key } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { DateTime } from './format';
import { engineQuery } from '../../../../client/engine-query';
import { formatBytes, plural } from '../../../../components/format';
import { DataTable } from '../../../../components/data-table';
import { QueryFailure } from '../../../../components/query-failure';

export function ResourcesTab({ keyData: key }: { keyData: Key }) {
  const ctx = useCallContext();
  const registrations = useQuery(engineQuery('getRegistrations', ctx, key.id));
  const buckets = useQuery(engineQuery('getProtectedBuckets', ctx, key.id));
  if (registrations.isPending)
    return (
      <DataTableSkeleton columnCount={4} rowCount={2} showHeader={false} showToolbar={false} />
    );
  if (registrations.isError)
    return <QueryFailure what="the associated resources" query={registrations} />;
  const list = registrations.data.registrations;
  if (list.length === 0)
    return (
      <section className="kw-empty" aria-labelledby="no-resources">
        <h2 id="no-resources" className="kw-section-title">
          No resources are protected by this key yet
        </h2>
        <p>
          When an object storage bucket is created with this key for customer-managed encryption,
          the storage service registers the bucket here, with the key version in use. Registered
          resources are listed before the key can be deleted, and a bucket with a retention policy
          prevents deletion.
        </p>
      </section>
    );
  const protectedBuckets = buckets.data?.buckets ?? [];
  const objectTotal = protectedBuckets.reduce((n, b) => n + b.objectCount, 0);
  return (
    <Stack gap={7}>
      {protectedBuckets.length > 0 && (
        <DataTable
          title="Buckets protected by this key"
          description={`Blast radius: disabling or deleting this key makes ${plural(objectTotal, 'object')} in ${plural(protectedBuckets.length, 'bucket')} unreadable.`}
          aria-label="Buckets protected by this key"
          rows={protectedBuckets}
          rowKey={(b) => b.crn}
          columns={[
            {
              key: 'bucket',
              header: 'Bucket',
              cell: (b) => <Link to={`/buckets/${encodeURIComponent(b.name)}`}>{b.name}</Link>,
            },
            { key: 'objects', header: 'Objects', cell: (b) => b.objectCount },
            { key: 'size', header: 'Size', cell: (b) => formatBytes(b.size) },
            {
              key: 'retention',
              header: 'Retention',
              cell: (b) =>
                b.retentionDays === undefined
                  ? 'None'
                  : `${b.retentionDays} days (prevents key deletion)`,
            },
          ]}
        />
      )}
      <DataTable
        title="Associated resources"
        description={`${plural(list.length, 'resource')} registered by the services that use this key.`}
        aria-label="Associated resources"
        rows={list}
        rowKey={(r) => r.resourceCrn}
        columns={[
          {
            key: 'crn',
            header: 'Resource CRN',
            cell: (r) => <span className="kw-mono kw-break">{r.resourceCrn}</span>,
          },
          {
            key: 'version',
            header: 'Key version',
            cell: (r) => (
              <>
                <span className="kw-mono kw-break">{r.keyVersionId}</span>
                {r.keyVersionId === key.keyVersion.id && (
                  <>
                    {' '}
                    <Tag type="green" size="sm">
                      Current
                    </Tag>
                  </>
                )}
              </>
            ),
          },
          {
            key: 'prevents',
            header: 'Prevents deletion',
            cell: (r) =>
              r.preventKeyDeletion ? (
                <Tag type="red" size="sm">
                  Yes
                </Tag>
              ) : (
                'No'
              ),
          },
          { key: 'registered', header: 'Registered', cell: (r) => <DateTime iso={r.createdAt} /> },
        ]}
      />
    </Stack>
  );
}
