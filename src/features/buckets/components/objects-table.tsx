/** The objects of a bucket, each with Download (disabled with the reason when the key refuses reads) and Delete. */
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
} from '@carbon/react';
import { Download, TrashCan } from '@carbon/icons-react';
import { useState } from 'react';
import type { CallContext } from '../../../domain/api';
import type { Bucket, StoredObject } from '../../../domain/storage';
import type { Permission } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { DateTime } from '../../../components/date-time';
import { formatBytes, plural } from '../../../components/format';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { saveBlob } from '../../../components/save-blob';
import { downloadObject } from '../api/transfer-object';
import { downloadGate } from '../bucket-gates';

export function ObjectsTable({
  ctx,
  bucket,
  list,
  deletePermission,
  onDelete,
}: {
  ctx: CallContext;
  bucket: Bucket;
  list: { objects: StoredObject[]; total: number };
  deletePermission: Permission | undefined;
  onDelete: (name: string) => void;
}) {
  const notify = useNotify();
  const [busy, setBusy] = useState<string | undefined>();
  const readable = downloadGate(bucket);

  const download = async (name: string) => {
    setBusy(name);
    try {
      saveBlob(await downloadObject(ctx, bucket.name, name), name);
    } catch (error) {
      const { title, detail } = errorMessage(error);
      notify({ kind: 'error', title: `Download refused: ${title}`, subtitle: detail });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <TableContainer
      title="Objects"
      description={`${plural(list.total, 'object')}, ${formatBytes(bucket.size)}`}
    >
      <Table aria-label="Objects" size="md">
        <TableHead>
          <TableRow>
            <TableHeader>Name</TableHeader>
            <TableHeader>Size</TableHeader>
            <TableHeader>Uploaded</TableHeader>
            <TableHeader>Retained until</TableHeader>
            <TableHeader>
              <span className="cds--visually-hidden">Actions</span>
            </TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {list.objects.map((o) => (
            <TableRow key={o.name}>
              <TableCell>
                <span className="kw-break-all">{o.name}</span>
              </TableCell>
              <TableCell>{formatBytes(o.size)}</TableCell>
              <TableCell>
                <DateTime iso={o.createdAt} />
              </TableCell>
              <TableCell>{o.retainUntil ? <DateTime iso={o.retainUntil} /> : '—'}</TableCell>
              <TableCell>
                <GatedButton
                  permission={readable}
                  kind="ghost"
                  size="sm"
                  renderIcon={Download}
                  disabled={busy === o.name}
                  onClick={() => void download(o.name)}
                >
                  {busy === o.name ? 'Downloading…' : 'Download'}
                  <span className="cds--visually-hidden"> {o.name}</span>
                </GatedButton>
                <GatedButton
                  permission={deletePermission}
                  kind="ghost"
                  size="sm"
                  renderIcon={TrashCan}
                  onClick={() => onDelete(o.name)}
                >
                  Delete
                  <span className="cds--visually-hidden"> {o.name}</span>
                </GatedButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
