/**
 * One bucket: its objects (upload by drag and drop or picker, several at once, progress per
 * file; download; delete), its configuration (the protecting key with its state and version, the
 * registration, retention), a banner saying what the key's state means for the data, and the
 * progress of the rewrap that follows a key rotation.
 */
import {
  Breadcrumb,
  BreadcrumbItem,
  Button,
  DataTableSkeleton,
  FileUploaderDropContainer,
  InlineNotification,
  Modal,
  ProgressBar,
  Tab,
  TabList,
  TabPanel,
  TabPanels,
  Tabs,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
} from '@carbon/react';
import { Download, TrashCan } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CallContext } from '../../../domain/api';
import { KeyState, STATE_LABELS } from '../../../domain/key-state';
import type { Bucket, StoragePermissions } from '../../../domain/storage';
import { errorMessage } from '../../../client/error-message';
import { useUserName } from '../../../client/session-query';
import { DateTime } from '../../../components/date-time';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { useDeleteBucket } from '../api/delete-bucket';
import { useDeleteObject } from '../api/delete-object';
import { useStorageContext } from '../api/storage-context';
import { downloadObject, uploadFile } from '../api/transfer-object';
import { formatRetention } from '../format';
import { EncryptionCell } from './buckets-page';
import { StorageUnavailable } from './storage-unavailable';
import '../buckets.scss';
import { engineQuery } from '../../../client/engine-query';
import { formatBytes, plural } from '../../../components/format';
import { saveBlob } from '../../../components/save-blob';

interface UploadState {
  id: number;
  name: string;
  size: number;
  sent: number;
  status: 'active' | 'finished' | 'error';
  error?: string;
}

/** What the key's state means for the data, in words, or nothing when all is well. */
function KeyBanner({ bucket }: { bucket: Bucket }) {
  const key = bucket.key;
  if (bucket.encryption.type === 'provider' || !key?.problem) return null;
  const n = bucket.objectCount;
  const objects = `${n === 1 ? 'this object' : `these ${n} objects`}`;
  let title: string;
  let detail: string;
  if (!key.reachable) {
    title = 'The bucket cannot reach its key';
    detail = `${key.problem} ${n > 0 ? `${capital(objects)} can no longer be read.` : ''}`;
  } else if (key.masterKeyMissing) {
    // Hyper Protect: the key's instance was zeroized (SPEC section 11).
    title = `Cryptographically shredded: ${objects} can no longer be read`;
    detail = key.problem;
  } else if (key.state === KeyState.Destroyed) {
    title = `Cryptographically shredded: ${objects} can no longer be read`;
    detail = `The root key “${key.name}” was deleted. The objects are still listed and counted, but their data keys cannot be unwrapped: nothing can be read or written. Restoring the key within 30 days makes them readable again; once the key is purged, the loss is permanent.`;
  } else if (key.state === KeyState.Suspended) {
    title = `Key disabled: ${objects} cannot be read or written`;
    detail = `The root key “${key.name}” is disabled. Reads and writes are refused until a Manager enables the key again; no data is lost.`;
  } else {
    title = 'Key expired: the bucket is read-only';
    detail = `The root key “${key.name}” has expired. Its objects can still be read, but nothing new can be written.`;
  }
  return (
    <InlineNotification
      className="kw-bucket-banner kw-key-banner"
      kind={key.state === KeyState.Deactivated ? 'warning' : 'error'}
      title={title}
      subtitle={detail}
      hideCloseButton
    />
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function RewrapProgress({ bucket }: { bucket: Bucket }) {
  const job = bucket.rewrap;
  if (!job || (job.state === 'done' && job.total === 0)) return null;
  if (job.state === 'failed')
    return (
      <InlineNotification
        className="kw-bucket-banner"
        kind="warning"
        title="Rewrap paused"
        subtitle={`${job.done} of ${job.total} data keys were rewrapped to the new key version before it stopped: ${job.error ?? ''} It resumes when the key is enabled.`}
        hideCloseButton
      />
    );
  return (
    <div className="kw-bucket-banner">
      <ProgressBar
        label={
          job.state === 'running'
            ? 'Rewrapping data keys to the new key version'
            : 'Data keys rewrapped to the new key version'
        }
        helperText={`${job.done} of ${plural(job.total, 'object')}`}
        value={job.done}
        max={Math.max(job.total, 1)}
        status={job.state === 'running' ? 'active' : 'finished'}
      />
    </div>
  );
}

function ObjectsTab({
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
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [busy, setBusy] = useState<string | undefined>();
  /** The object whose deletion awaits confirmation. */
  const [deleting, setDeleting] = useState<string | undefined>();

  const update = (id: number, change: Partial<UploadState>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));

  const start = (files: File[]) => {
    for (const file of files) {
      const id = Date.now() + Math.random();
      setUploads((list) => [
        ...list,
        { id, name: file.name, size: file.size, sent: 0, status: 'active' },
      ]);
      uploadFile(ctx, bucket.name, file, (sent) => update(id, { sent }))
        .then(() => update(id, { status: 'finished', sent: file.size }))
        .catch((error: unknown) =>
          update(id, { status: 'error', error: errorMessage(error).detail }),
        );
    }
  };

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
    <div>
      <div className="kw-dropzone">
        {permissions?.write.allowed && bucket.access.write ? (
          <FileUploaderDropContainer
            multiple
            labelText="Drag and drop files here or click to upload (several at once)"
            onAddFiles={(_event, { addedFiles }) => start(addedFiles)}
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
      {uploads.length > 0 && (
        <div className="kw-uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <ProgressBar
              key={u.id}
              label={u.name}
              value={u.size === 0 ? (u.status === 'active' ? 0 : 1) : u.sent}
              max={Math.max(u.size, 1)}
              status={u.status}
              helperText={
                u.status === 'error'
                  ? `Failed, nothing kept: ${u.error ?? ''}`
                  : u.status === 'finished'
                    ? `Uploaded, ${formatBytes(u.size)}`
                    : `${formatBytes(u.sent)} of ${formatBytes(u.size)}`
              }
            />
          ))}
        </div>
      )}
      {objects.isPending ? (
        <DataTableSkeleton columnCount={5} rowCount={2} showToolbar={false} />
      ) : objects.isError ? (
        <InlineNotification
          kind="error"
          hideCloseButton
          title={errorMessage(objects.error).title}
          subtitle={errorMessage(objects.error).detail}
        />
      ) : objects.data.total === 0 ? (
        <p className="kw-secondary">No objects yet. Upload files to store them encrypted.</p>
      ) : (
        <TableContainer
          title="Objects"
          description={`${plural(objects.data.total, 'object')}, ${formatBytes(bucket.size)}`}
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
              {objects.data.objects.map((o) => (
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
                    <Button
                      kind="ghost"
                      size="sm"
                      renderIcon={Download}
                      disabled={busy === o.name}
                      onClick={() => void download(o.name)}
                    >
                      {busy === o.name ? 'Downloading…' : 'Download'}
                      <span className="cds--visually-hidden"> {o.name}</span>
                    </Button>
                    <GatedButton
                      permission={permissions?.write}
                      kind="ghost"
                      size="sm"
                      renderIcon={TrashCan}
                      onClick={() => setDeleting(o.name)}
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

function ConfigurationTab({ bucket }: { bucket: Bucket }) {
  const userName = useUserName();
  const key = bucket.key;
  return (
    <dl className="kw-config">
      <dt>CRN</dt>
      <dd className="kw-mono">{bucket.crn}</dd>
      <dt>Created</dt>
      <dd>
        <DateTime iso={bucket.createdAt} /> by {userName(bucket.createdBy)}
      </dd>
      <dt>Retention</dt>
      <dd>{formatRetention(bucket.retentionDays)}</dd>
      <dt>Encryption</dt>
      <dd>
        {bucket.encryption.type === 'provider'
          ? 'Provider-managed: each object’s data key is wrapped by the storage service’s own key.'
          : 'Customer-managed (envelope encryption): each object has its own data key, wrapped by the root key below with the bucket and object names as AAD.'}
      </dd>
      {bucket.encryption.type === 'customer' && (
        <>
          <dt>Root key</dt>
          <dd>
            <EncryptionCell bucket={bucket} />
            <div className="kw-mono">{bucket.encryption.keyCrn}</div>
          </dd>
          <dt>Key state</dt>
          <dd>
            {key?.state !== undefined ? STATE_LABELS[key.state] : 'Unreachable'}
            {key?.problem ? ` — ${key.problem}` : ''}
          </dd>
          <dt>Key version in use</dt>
          <dd className="kw-mono">{key?.keyVersionId ?? '—'}</dd>
          <dt>Registration</dt>
          <dd>
            Registered with the key as an associated resource
            {bucket.retentionDays !== undefined
              ? ', with preventKeyDeletion (the retention policy): the key cannot be deleted, even with force.'
              : '. Deleting the key needs force and shreds these objects.'}
          </dd>
        </>
      )}
    </dl>
  );
}

export function Component() {
  const { bucketName = '' } = useParams();
  const storage = useStorageContext();
  const ctx = storage.status === 'ready' ? storage.ctx : undefined;
  const navigate = useNavigate();
  const notify = useNotify();
  const empty = { userId: '', instanceId: '' };
  const bucket = useQuery({
    ...engineQuery('getBucket', ctx ?? empty, bucketName),
    enabled: !!ctx,
    // While a rewrap runs, follow its progress even without change notices.
    refetchInterval: (query) => (query.state.data?.rewrap?.state === 'running' ? 500 : false),
  });
  const permissions = useQuery({
    ...engineQuery('getStoragePermissions', ctx ?? empty),
    enabled: !!ctx,
  });
  const deleteBucket = useDeleteBucket(ctx ?? empty);
  const [confirming, setConfirming] = useState(false);

  const crumbs = (
    <Breadcrumb noTrailingSlash className="kw-crumbs">
      <BreadcrumbItem>
        <Link to="/buckets">Buckets</Link>
      </BreadcrumbItem>
      <BreadcrumbItem isCurrentPage>
        <span className="kw-crumb-current">{bucketName}</span>
      </BreadcrumbItem>
    </Breadcrumb>
  );
  const skeleton = <DataTableSkeleton columnCount={4} rowCount={3} />;
  if (storage.status !== 'ready')
    return (
      <div>
        {crumbs}
        <StorageUnavailable storage={storage} skeleton={skeleton} />
      </div>
    );
  if (bucket.isPending)
    return (
      <div>
        {crumbs}
        {skeleton}
      </div>
    );
  if (bucket.isError)
    return (
      <div>
        {crumbs}
        <h1 className="kw-page-title kw-bucket-title">{bucketName}</h1>
        <FailureNotice failure={errorMessage(bucket.error)} />
      </div>
    );
  const b = bucket.data;
  return (
    <article aria-labelledby="bucket-title">
      {crumbs}
      <header className="kw-bucket-header">
        <div>
          <h1 id="bucket-title" className="kw-bucket-title">
            {b.name}
          </h1>
          <div>
            <Tag type={b.encryption.type === 'customer' ? 'blue' : 'gray'}>
              {b.encryption.type === 'customer' ? 'Customer-managed key' : 'Provider-managed'}
            </Tag>
            {b.retentionDays !== undefined && (
              <Tag type="purple">Retention {formatRetention(b.retentionDays)}</Tag>
            )}
            <Tag type="cool-gray">
              {plural(b.objectCount, 'object')}, {formatBytes(b.size)}
            </Tag>
          </div>
        </div>
        <GatedButton
          permission={permissions.data?.manage}
          error={permissions.error}
          kind="danger--tertiary"
          renderIcon={TrashCan}
          onClick={() => setConfirming(true)}
        >
          Delete bucket
        </GatedButton>
      </header>
      <KeyBanner bucket={b} />
      <RewrapProgress bucket={b} />
      <Tabs>
        <TabList aria-label="Bucket sections">
          <Tab>Objects</Tab>
          <Tab>Configuration</Tab>
        </TabList>
        <TabPanels>
          <TabPanel className="kw-tab-panel">
            <ObjectsTab ctx={storage.ctx} bucket={b} permissions={permissions.data} />
          </TabPanel>
          <TabPanel className="kw-tab-panel">
            <ConfigurationTab bucket={b} />
          </TabPanel>
        </TabPanels>
      </Tabs>
      {confirming && (
        <TypedConfirmModal
          open
          heading={`Delete bucket ${b.name}`}
          name={b.name}
          nameLabel="bucket name"
          primaryButtonText="Delete bucket"
          pendingText="Deleting…"
          pending={deleteBucket.isPending}
          blocked={b.objectCount > 0}
          failure={
            deleteBucket.error
              ? {
                  title: errorMessage(deleteBucket.error).title,
                  detail: errorMessage(deleteBucket.error).detail,
                }
              : undefined
          }
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            deleteBucket.mutate(b.name, {
              onSuccess: () => {
                notify({ kind: 'success', title: 'Bucket deleted', subtitle: b.name });
                void navigate('/buckets');
              },
            })
          }
        >
          <p>
            {b.objectCount > 0
              ? `The bucket still holds ${plural(b.objectCount, 'object')}: delete them first. Only an empty bucket can be deleted.`
              : 'The bucket and its registration with the key are removed.'}
          </p>
        </TypedConfirmModal>
      )}
    </article>
  );
}
