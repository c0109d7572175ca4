/** The key page's breadcrumbs, its loading skeleton, and the answer for a key that is not there. */
import { Breadcrumb, BreadcrumbItem, SkeletonPlaceholder, SkeletonText } from '@carbon/react';
import { Link } from 'react-router';

export function Crumbs({ current }: { current?: string }) {
  return (
    <Breadcrumb noTrailingSlash className="kw-crumbs">
      <BreadcrumbItem>
        <Link to="/keys">Keys</Link>
      </BreadcrumbItem>
      {current && (
        <BreadcrumbItem isCurrentPage>
          <span className="kw-crumb-current" title={current}>
            {current}
          </span>
        </BreadcrumbItem>
      )}
    </Breadcrumb>
  );
}

export function KeyPageSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the key">
      <Crumbs />
      <SkeletonText heading width="40%" />
      <SkeletonText width="20%" />
      <SkeletonPlaceholder className="kw-skeleton-tabs" />
      <SkeletonText paragraph lineCount={6} />
    </div>
  );
}

export function NotFound({ idOrAlias }: { idOrAlias: string }) {
  return (
    <>
      <Crumbs />
      <section className="kw-empty" aria-labelledby="key-not-found">
        <h1 id="key-not-found" className="kw-key-title">
          Key not found — it may have been purged
        </h1>
        <p>
          No key of this instance has the id or alias <span className="kw-mono">{idOrAlias}</span>.
          A purged key is gone for good (its events remain in the audit trail); a removed alias no
          longer names its key.
        </p>
        <Link to="/keys" className="cds--btn cds--btn--primary">
          Back to keys
        </Link>
      </section>
    </>
  );
}
