/**
 * One bucket: its objects (objects-tab.tsx), its configuration (configuration-tab.tsx), a banner
 * saying what the key's state means for the data, and the progress of the rewrap that follows a
 * key rotation (key-banner.tsx).
 */
import {
  Breadcrumb,
  BreadcrumbItem,
  DataTableSkeleton,
  Tab,
  TabList,
  TabPanel,
  TabPanels,
  Tabs,
  Tag,
} from '@carbon/react';
import { TrashCan } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { useDeleteBucket } from '../api/delete-bucket';
import { useStorageContext } from '../api/storage-context';
import { formatRetention } from '../format';
import { StorageUnavailable } from './storage-unavailable';
import '../buckets.scss';
import { engineQuery } from '../../../client/engine-query';
import { formatBytes, plural } from '../../../components/format';
import { ConfigurationTab } from './configuration-tab';
import { KeyBanner, RewrapProgress } from './key-banner';
import { ObjectsTab } from './objects-tab';

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
        <span className="kw-crumb-current" title={bucketName}>
          {bucketName}
        </span>
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
