/** A bucket's configuration: CRN, creation, retention, encryption and its root key's state. */
import type { Bucket } from '../../../domain/storage';
import { STATE_LABELS } from '../../../domain/key-state';
import { useUserName } from '../../../client/session-query';
import { DateTime } from '../../../components/date-time';
import { formatRetention } from '../format';
import { EncryptionCell } from './buckets-page';

export function ConfigurationTab({ bucket }: { bucket: Bucket }) {
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
