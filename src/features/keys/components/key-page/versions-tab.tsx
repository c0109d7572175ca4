/**
 * Every version of a key, newest first, the one that wraps now marked as current, with each
 * version's last use (issue 11).
 */
import { DataTableSkeleton, Tag } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import type { Key } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { DateTime } from './format';
import { engineQuery } from '../../../../client/engine-query';
import { DataTable } from '../../../../components/data-table';
import { QueryFailure } from '../../../../components/query-failure';
import { failureMessage } from '../../../../components/failure-message';
import { useEngineNow } from '../../../../client/session-query';
import type { KeyUsage } from '../../../../domain/insights';
import { LastUse } from './last-used';
import { versionUse } from './version-usage';

export function VersionsTab({ keyData: key }: { keyData: Key }) {
  const ctx = useCallContext();
  const versions = useQuery(engineQuery('getKeyVersions', ctx, key.id));
  const usage = useQuery(engineQuery('getKeyUsage', ctx, key.id));
  const now = useEngineNow();
  if (versions.isPending)
    return (
      <DataTableSkeleton columnCount={5} rowCount={2} showHeader={false} showToolbar={false} />
    );
  if (versions.isError) return <QueryFailure what="the versions" query={versions} />;
  return (
    <DataTable
      title="Key versions"
      description={
        key.extractable
          ? 'A standard key has one version.'
          : 'Each rotation adds a version that wraps from then on; every older version still unwraps until the key is purged.'
      }
      aria-label="Key versions"
      rows={versions.data.versions}
      rowKey={(v) => v.id}
      columns={[
        { key: 'number', header: 'Version', cell: (v) => v.number },
        { key: 'id', header: 'ID', cell: (v) => <span className="kw-mono kw-break">{v.id}</span> },
        { key: 'created', header: 'Created', cell: (v) => <DateTime iso={v.creationDate} /> },
        {
          key: 'status',
          header: 'Status',
          cell: (v) =>
            v.current ? (
              <Tag type="green" size="sm">
                Current
              </Tag>
            ) : (
              <span className="kw-secondary">Unwraps only</span>
            ),
        },
        {
          key: 'lastUsed',
          header: 'Last used',
          cell: (v) =>
            usage.isPending ? (
              'Loading…'
            ) : usage.isError ? (
              `Could not read: ${failureMessage(usage.error).detail}`
            ) : (
              <VersionLastUse keyId={key.id} usage={usage.data} version={v} now={now} />
            ),
        },
      ]}
    />
  );
}

function VersionLastUse({
  keyId,
  usage,
  version,
  now,
}: {
  keyId: string;
  usage: KeyUsage;
  version: { id: string; creationDate: string };
  now: number;
}) {
  const seen = versionUse(usage, version);
  if (seen.kind === 'used')
    return <LastUse keyId={keyId} use={seen.use} now={now} testId="version-last-used" />;
  return (
    <span data-testid="version-last-used" className="kw-secondary">
      {seen.kind === 'unknown'
        ? 'Unknown: older than usage tracking, not used since'
        : 'Never used'}
    </span>
  );
}
