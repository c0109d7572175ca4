/** Every version of a key, newest first, the one that wraps now marked as current. */
import {
  DataTableSkeleton,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import type { Key } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { DateTime } from './format';
import { engineQuery } from '../../../../client/engine-query';
import { QueryFailure } from '../../../../components/query-failure';

export function VersionsTab({ keyData: key }: { keyData: Key }) {
  const ctx = useCallContext();
  const versions = useQuery(engineQuery('getKeyVersions', ctx, key.id));
  if (versions.isPending)
    return (
      <DataTableSkeleton columnCount={4} rowCount={2} showHeader={false} showToolbar={false} />
    );
  if (versions.isError) return <QueryFailure what="the versions" query={versions} />;
  return (
    <TableContainer
      title="Key versions"
      description={
        key.extractable
          ? 'A standard key has one version.'
          : 'Each rotation adds a version that wraps from then on; every older version still unwraps until the key is purged.'
      }
    >
      <Table aria-label="Key versions" size="md">
        <TableHead>
          <TableRow>
            <TableHeader>Version</TableHeader>
            <TableHeader>ID</TableHeader>
            <TableHeader>Created</TableHeader>
            <TableHeader>Status</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {versions.data.versions.map((v) => (
            <TableRow key={v.id}>
              <TableCell>{v.number}</TableCell>
              <TableCell>
                <span className="kw-mono kw-break">{v.id}</span>
              </TableCell>
              <TableCell>
                <DateTime iso={v.creationDate} />
              </TableCell>
              <TableCell>
                {v.current ? (
                  <Tag type="green" size="sm">
                    Current
                  </Tag>
                ) : (
                  <span className="kw-secondary">Unwraps only</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
