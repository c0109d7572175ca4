/**
 * A key row's menu of lifecycle actions. Each action follows the key's state (only what the state
 * allows is offered) and the acting user's role on that key (an action their role does not allow
 * stays in the menu, disabled, naming the role it needs).
 */
import { OverflowMenu, OverflowMenuItem } from '@carbon/react';
import { KeyState, stateAllows } from '../../../domain/key-state';
import type { KeyAction } from '../../../domain/roles';
import type { Key, Permissions } from '../../../domain/types';

export type RowAction = 'open' | 'rotate' | 'disable' | 'enable' | 'restore' | 'delete';

interface MenuEntry {
  action: RowAction;
  label: string;
  needs?: KeyAction;
  danger?: boolean;
}

/** The actions the key's state offers, in menu order. */
export function rowEntries(key: Key): MenuEntry[] {
  const entries: MenuEntry[] = [{ action: 'open', label: 'View details' }];
  if (!key.extractable && stateAllows(key.state, 'rotate'))
    entries.push({ action: 'rotate', label: 'Rotate', needs: 'write' });
  if (key.state === KeyState.Active)
    entries.push({ action: 'disable', label: 'Disable', needs: 'manage' });
  if (key.state === KeyState.Suspended)
    entries.push({ action: 'enable', label: 'Enable', needs: 'manage' });
  if (key.state === KeyState.Destroyed && key.restoreAllowed)
    entries.push({ action: 'restore', label: 'Restore', needs: 'manage' });
  if (stateAllows(key.state, 'delete'))
    entries.push({ action: 'delete', label: 'Delete…', needs: 'manage', danger: true });
  return entries;
}

export function allowedBy(
  permissions: Permissions | undefined,
  needs: KeyAction | undefined,
): boolean {
  return needs === undefined || permissions?.[needs].allowed === true;
}

export function KeyRowMenu({
  keyItem,
  permissions,
  onAction,
}: {
  keyItem: Key;
  permissions: Permissions | undefined;
  onAction: (action: RowAction, key: Key) => void;
}) {
  return (
    <OverflowMenu
      aria-label={`Actions for ${keyItem.name}`}
      iconDescription={`Actions for ${keyItem.name}`}
      flipped
      size="sm"
      menuOptionsClass="kw-row-menu"
    >
      {rowEntries(keyItem).map((entry) => {
        const allowed = allowedBy(permissions, entry.needs);
        const needs = entry.needs && permissions?.[entry.needs].needs;
        return (
          <OverflowMenuItem
            key={entry.action}
            itemText={
              allowed
                ? entry.label
                : `${entry.label.replace('…', '')} (needs ${needs ?? 'another role'})`
            }
            disabled={!allowed}
            isDelete={entry.danger && allowed}
            hasDivider={entry.danger}
            onClick={() => onAction(entry.action, keyItem)}
          />
        );
      })}
    </OverflowMenu>
  );
}
