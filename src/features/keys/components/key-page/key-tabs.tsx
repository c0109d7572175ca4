/**
 * The key page's tabs: which the key has (the envelope operations for a root key, the payload for
 * a standard key), and what each shows.
 */
import type { Key, Permissions } from '../../../../domain/types';
import { AliasesTab } from './aliases-tab';
import { HistoryTab } from './history-tab';
import { KeyActionsTab } from './key-actions-tab';
import { OverviewTab } from './overview-tab';
import { PayloadTab } from './payload-tab';
import { PoliciesTab } from './policies-tab';
import { ResourcesTab } from './resources-tab';
import { VersionsTab } from './versions-tab';

export type TabId =
  | 'overview'
  | 'versions'
  | 'aliases'
  | 'resources'
  | 'history'
  | 'actions'
  | 'payload'
  | 'policies';

export function tabsOf(key: Key): { id: TabId; label: string }[] {
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

export function TabContent({
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
