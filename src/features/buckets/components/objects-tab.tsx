/**
 * A bucket's objects: upload by drag and drop or picker (several at once, progress per file),
 * download, delete with a confirmation.
 */
import { DataTableSkeleton, FileUploaderDropContainer, Modal } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallContext } from '../../../domain/api';
import type { Bucket, StoragePermissions } from '../../../domain/storage';
import { errorMessage } from '../../../client/error-message';
import { engineQuery } from '../../../client/engine-query';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useDeleteObject } from '../api/delete-object';
import { ObjectsTable } from './objects-table';
import { UploadList } from './upload-list';
import { useUploadQueue } from './use-upload-queue';

export function ObjectsTab({
  ctx,
  bucket,
  permissions,
}: {
  ctx: CallContext;
  bucket: Bucket;
  permissions: StoragePermissions | undefined;
}) {
  const notify = useNotify();
  const objects = useQuery(engineQuery('listObjects', ctx, bucket.name));
  const deleteObject = useDeleteObject(ctx, bucket.name);
  const queue = useUploadQueue(ctx, bucket.name);
  /** The object whose deletion awaits confirmation. */
  const [deleting, setDeleting] = useState<string | undefined>();

  return (
    <div>
      <div className="kw-dropzone">
        {permissions?.write.allowed && bucket.access.write ? (
          <FileUploaderDropContainer
            multiple
            labelText="Drag and drop files here or click to upload (several at once)"
            onAddFiles={(_event, { addedFiles }) => queue.start(addedFiles)}
          />
        ) : permissions?.write.allowed ? (
          <p className="kw-secondary">
            Uploads are refused while the bucket’s key does not allow writing.
          </p>
        ) : (
          <GatedButton permission={permissions?.write} kind="tertiary">
            Upload files
          </GatedButton>
        )}
      </div>
      <UploadList uploads={queue.uploads} onClear={queue.clear} />
      {objects.isPending ? (
        <DataTableSkeleton columnCount={5} rowCount={2} showToolbar={false} />
      ) : objects.isError ? (
        <FailureNotice failure={errorMessage(objects.error)} />
      ) : objects.data.total === 0 ? (
        <p className="kw-secondary">No objects yet. Upload files to store them encrypted.</p>
      ) : (
        <ObjectsTable
          ctx={ctx}
          bucket={bucket}
          list={objects.data}
          deletePermission={permissions?.write}
          onDelete={setDeleting}
        />
      )}
      {deleting !== undefined && (
        <Modal
          open
          danger
          size="sm"
          modalHeading="Delete object"
          primaryButtonText={deleteObject.isPending ? 'Deleting…' : 'Delete object'}
          primaryButtonDisabled={deleteObject.isPending}
          secondaryButtonText="Cancel"
          onRequestClose={() => setDeleting(undefined)}
          onRequestSubmit={() =>
            deleteObject.mutate(deleting, {
              onSuccess: () =>
                notify({ kind: 'success', title: 'Object deleted', subtitle: deleting }),
              onError: (error) => {
                const { title, detail } = errorMessage(error);
                notify({ kind: 'error', title, subtitle: detail });
              },
              onSettled: () => setDeleting(undefined),
            })
          }
        >
          <p>
            Delete <strong>{deleting}</strong> from {bucket.name}? Its encrypted chunks and its
            wrapped data key are erased; it cannot be restored.
          </p>
        </Modal>
      )}
    </div>
  );
}
