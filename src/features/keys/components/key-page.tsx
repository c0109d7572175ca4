/**
 * The key page (/keys/:keyId, by id or alias): header with the key's name, state, type and
 * lifecycle actions; banners for scheduled or completed deletion; tabs (selected one in the URL)
 * for overview, versions, aliases, associated resources, history, and either the envelope
 * operations (root keys) or the payload (standard keys). Every control asks the engine what the
 * acting user may do on this key, and the engine still decides.
 */
import {
  Breadcrumb,
  BreadcrumbItem,
  InlineNotification,
  SkeletonPlaceholder,
  SkeletonText,
  Tab,
  TabList,
  TabPanel,
  TabPanels,
  Tabs,
  Tag,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { EngineError } from '../../../domain/errors';
import { KeyState } from '../../../domain/key-state';
import type { Key, Permissions } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { StateTag } from '../../../components/state-tag';
import { useEngineNow, useUserName } from '../../../client/session-query';
import { AliasesTab } from './key-page/aliases-tab';
import { formatDate, relative } from './key-page/format';
import { HistoryTab } from './key-page/history-tab';
import { KeyActionsTab } from './key-page/key-actions-tab';
import { LifecycleActions } from './key-page/lifecycle-actions';
import { OverviewTab } from './key-page/overview-tab';
import { PayloadTab } from './key-page/payload-tab';
import { PoliciesTab } from './key-page/policies-tab';
import { ResourcesTab } from './key-page/resources-tab';
import { VersionsTab } from './key-page/versions-tab';
import '../key-page.scss';
import { engineQuery } from '../../../client/engine-query';
import { usePermissions } from '../../../client/shared-reads';
import { QueryFailure } from '../../../components/query-failure';

type TabId =
  | 'overview'
  | 'versions'
  | 'aliases'
  | 'resources'
  | 'history'
  | 'actions'
  | 'payload'
  | 'policies';

function tabsOf(key: Key): { id: TabId; label: string }[] {
  return [
    { id: 'overview', label: 'Overview' },
    { id: 'versions', label: 'Versions' },
    { id: 'aliases', label: `Aliases (${key.aliases.length})` },
    { id: 'resources', label: 'Associated resources' },
    { id: 'history', label: 'History' },
    key.extractable ? { id: 'payload', label: 'Payload' } : { id: 'actions', label: 'Key actions' },
    { id: 'policies', label: 'Policies' },
  ];
}

function Crumbs({ current }: { current?: string }) {
  return (
    <Breadcrumb noTrailingSlash className="kw-crumbs">
      <BreadcrumbItem>
        <Link to="/keys">Keys</Link>
      </BreadcrumbItem>
      {current && (
        <BreadcrumbItem isCurrentPage>
          <span className="kw-crumb-current">{current}</span>
        </BreadcrumbItem>
      )}
    </Breadcrumb>
  );
}

function KeyPageSkeleton() {
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

function NotFound({ idOrAlias }: { idOrAlias: string }) {
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

/** Banners for what is pending on the key: a scheduled deletion, or the windows of a deleted key. */
function StatusBanners({ keyData: key }: { keyData: Key }) {
  const now = useEngineNow();
  const userName = useUserName();
  const dual = key.dualAuthDelete;
  if (key.state === KeyState.Destroyed && key.deletionDate)
    return (
      <InlineNotification
        kind="warning"
        title={`Deleted ${formatDate(key.deletionDate)} by ${userName(key.deletedBy)}.`}
        subtitle={[
          key.restoreAllowed && key.restoreExpirationDate
            ? `Restore possible until ${formatDate(key.restoreExpirationDate)} (${relative(key.restoreExpirationDate, now).replace(/^in /, '')} left).`
            : 'It can no longer be restored.',
          key.purgeAllowedFrom
            ? key.purgeAllowed
              ? 'A user with the KeyPurge role can purge it now.'
              : `Purge possible from ${formatDate(key.purgeAllowedFrom)} (${relative(key.purgeAllowedFrom, now)}).`
            : '',
          key.purgeScheduledOn ? `Purged automatically ${formatDate(key.purgeScheduledOn)}.` : '',
        ]
          .filter(Boolean)
          .join(' ')}
        hideCloseButton
        lowContrast
        className="kw-banner"
      />
    );
  if (key.state === KeyState.Deactivated && key.expirationDate)
    return (
      <InlineNotification
        kind="info"
        title={`Expired ${formatDate(key.expirationDate)}.`}
        subtitle="An expired key never wraps again (expiration is one-way); it still unwraps and rewraps what it wrapped before, and can be rotated or deleted."
        hideCloseButton
        lowContrast
        className="kw-banner"
      />
    );
  if (dual.enabled && dual.keySetForDeletion)
    return (
      <InlineNotification
        kind="warning"
        title={`Deletion scheduled by ${userName(dual.setBy)}.`}
        subtitle={`Dual authorization: a different user with the Manager role can delete this key until ${dual.authExpiration ? `${formatDate(dual.authExpiration)} (${relative(dual.authExpiration, now)})` : 'the authorization lapses'}; the key stays usable meanwhile.`}
        hideCloseButton
        lowContrast
        className="kw-banner"
      />
    );
  return null;
}

function KeyDetail({
  keyData: key,
  permissions,
  permissionsError,
}: {
  keyData: Key;
  permissions: Permissions | undefined;
  /** Why `permissions` could not be read, if it could not. */
  permissionsError?: unknown;
}) {
  const [params, setParams] = useSearchParams();
  const tabs = tabsOf(key);
  const requested = params.get('tab');
  const selectedIndex = Math.max(
    0,
    tabs.findIndex((t) => t.id === requested),
  );
  const selected = tabs[selectedIndex]?.id ?? 'overview';

  return (
    <article className="kw-key-page" aria-labelledby="key-title">
      <Crumbs current={key.name} />
      {/* Actions sit under the title, on the left: the full width goes to long names, and
          toasts (top right) never cover the buttons that raised them. */}
      <header className="kw-key-header">
        <h1 id="key-title" className="kw-key-title">
          {key.name}
        </h1>
        <div className="kw-key-tags">
          <StateTag state={key.state} />
          <Tag type="blue" size="sm">
            {key.extractable ? 'Standard key' : 'Root key'}
          </Tag>
          {key.dualAuthDelete.enabled && (
            <Tag type="purple" size="sm">
              Dual authorization
            </Tag>
          )}
          <span className="kw-mono kw-secondary kw-break">{key.id}</span>
        </div>
        <LifecycleActions keyData={key} permissions={permissions} />
      </header>
      <StatusBanners keyData={key} />
      <Tabs
        selectedIndex={selectedIndex}
        onChange={({ selectedIndex: index }) => {
          const next = new URLSearchParams(params);
          const id = tabs[index]?.id ?? 'overview';
          if (id === 'overview') next.delete('tab');
          else next.set('tab', id);
          setParams(next, { replace: true });
        }}
      >
        <TabList aria-label="Key details">
          {tabs.map((t) => (
            <Tab key={t.id}>{t.label}</Tab>
          ))}
        </TabList>
        <TabPanels>
          {tabs.map((t) => (
            <TabPanel key={t.id} className="kw-tab-panel">
              {selected === t.id && (
                <TabContent
                  id={t.id}
                  keyData={key}
                  permissions={permissions}
                  permissionsError={permissionsError}
                />
              )}
            </TabPanel>
          ))}
        </TabPanels>
      </Tabs>
    </article>
  );
}

function TabContent({
  id,
  keyData,
  permissions,
  permissionsError,
}: {
  id: TabId;
  keyData: Key;
  permissions: Permissions | undefined;
  permissionsError?: unknown;
}) {
  switch (id) {
    case 'overview':
      return (
        <OverviewTab
          keyData={keyData}
          permissions={permissions}
          permissionsError={permissionsError}
        />
      );
    case 'versions':
      return <VersionsTab keyData={keyData} />;
    case 'aliases':
      return <AliasesTab keyData={keyData} permissions={permissions} />;
    case 'resources':
      return <ResourcesTab keyData={keyData} />;
    case 'history':
      return <HistoryTab keyData={keyData} />;
    case 'actions':
      return <KeyActionsTab keyData={keyData} permissions={permissions} />;
    case 'payload':
      return <PayloadTab keyData={keyData} permissions={permissions} />;
    case 'policies':
      return <PoliciesTab keyData={keyData} permissions={permissions} />;
  }
}

export function Component() {
  const { keyId = '' } = useParams();
  const ctx = useCallContext();
  const key = useQuery(engineQuery('getKeyMetadata', ctx, keyId));
  const permissions = usePermissions(keyId);

  if (key.error instanceof EngineError && key.error.code === 'KEY_NOT_FOUND_ERR')
    return <NotFound idOrAlias={keyId} />;
  if (key.data)
    return (
      <>
        {key.isError && (
          <InlineNotification
            kind="error"
            title={`Could not refresh the key: ${errorMessage(key.error).title}`}
            subtitle={errorMessage(key.error).detail}
            hideCloseButton
            lowContrast
          />
        )}
        <KeyDetail
          keyData={key.data}
          permissions={permissions.data}
          permissionsError={permissions.error ?? undefined}
        />
      </>
    );
  if (key.isError)
    return (
      <>
        <Crumbs />
        <QueryFailure what="the key" query={key} />
      </>
    );
  return <KeyPageSkeleton />;
}
