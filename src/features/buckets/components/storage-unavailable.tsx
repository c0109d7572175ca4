/**
 * What a buckets page shows instead of its content when there is no object storage context: a
 * skeleton while the session loads, the failure with a retry, or an empty state pointing to the
 * resources page when the account has no object storage instance.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { StorageContext } from '../api/storage-context';
import { QueryFailure } from '../../../components/query-failure';

export function StorageUnavailable({
  storage,
  skeleton,
}: {
  storage: Exclude<StorageContext, { status: 'ready' }>;
  skeleton: ReactNode;
}) {
  if (storage.status === 'pending') return skeleton;
  if (storage.status === 'error')
    return (
      <QueryFailure
        what="object storage"
        query={{ error: storage.error, refetch: storage.retry }}
      />
    );
  return (
    <section className="kw-empty" aria-labelledby="no-storage-instance">
      <h2 id="no-storage-instance" className="kw-section-title">
        No object storage instance
      </h2>
      <p>
        This account has no object storage instance, so it has no buckets. An Administrator can
        create one on the <Link to="/resources">resources page</Link>.
      </p>
    </section>
  );
}
