/** The banner above a bucket's tabs: what its key's state means for the data. */
import { InlineNotification, ProgressBar } from '@carbon/react';
import type { Bucket } from '../../../domain/storage';
import { plural } from '../../../components/format';
import { keyBannerText } from '../key-banner-text';

export function KeyBanner({ bucket }: { bucket: Bucket }) {
  const text = keyBannerText(bucket);
  if (!text) return null;
  return (
    <InlineNotification
      className="kw-bucket-banner kw-key-banner"
      kind={text.kind}
      title={text.title}
      subtitle={text.detail}
      hideCloseButton
    />
  );
}

/** The rewrap of the bucket's data keys after a rotation: progress, or why it paused. */
export function RewrapProgress({ bucket }: { bucket: Bucket }) {
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
