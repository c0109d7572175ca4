/**
 * The key page (/keys/:keyId, by id or alias): header with the key's name, state, type and
 * lifecycle actions; banners for scheduled or completed deletion; tabs (selected one in the URL)
 * for overview, versions, aliases, associated resources, history, and either the envelope
 * operations (root keys) or the payload (standard keys). Every control asks the engine what the
 * acting user may do on this key, and the engine still decides.
 */
import { InlineNotification, Tab, TabList, TabPanel, TabPanels, Tabs, Tag } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { EngineError } from '../../../domain/errors';
import type { Key, Permissions } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { engineQuery } from '../../../client/engine-query';
import { usePermissions } from '../../../client/shared-reads';
import { failureMessage } from '../../../components/failure-message';
import { QueryFailure } from '../../../components/query-failure';
import { StateTag } from '../../../components/state-tag';
import { Crumbs, KeyPageSkeleton, NotFound } from './key-page/key-page-parts';
import { TabContent, tabsOf } from './key-page/key-tabs';
import { LifecycleActions } from './key-page/lifecycle-actions';
import { StatusBanners } from './key-page/status-banners';
import '../key-page.scss';

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
            title={`Could not refresh the key: ${failureMessage(key.error).title}`}
            subtitle={failureMessage(key.error).detail}
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
