/**
 * A key row's menu of lifecycle actions. Each action follows the key's state (only what the state
 * allows is offered; what it will refuse for now, such as a second rotation within the hour, stays
 * disabled with the reason) and the acting user's role on that key (an action their role does not
 * allow stays in the menu, disabled, naming the role it needs).
 */
import { OverflowMenu, OverflowMenuItem } from '@carbon/react';
import { KeyState, stateAllows } from '../../../domain/key-state';
import type { KeyAction } from '../../../domain/roles';
import type { Key, Permissions } from '../../../domain/types';
import { useEngineNow } from '../../../client/session-query';
import { formatTime } from '../../../components/format';
import { rotationWait } from './key-page/lifecycle-gates';

export type RowAction = 'open' | 'copy-id' | 'rotate' | 'disable' | 'enable' | 'restore' | 'delete';

interface MenuEntry {
  action: RowAction;
  label: string;
  needs?: KeyAction;
  danger?: boolean;
  /** Why the engine would refuse it now, whatever the role (shown, and the item disabled). */
  refused?: string;
}

/** The actions the key's state offers at `now` (engine time, ms), in menu order. */
export function rowEntries(key: Key, now: number): MenuEntry[] {
  const entries: MenuEntry[] = [
    { action: 'open', label: 'View details' },
    { action: 'copy-id', label: 'Copy ID' },
  ];
  if (!key.extractable && stateAllows(key.state, 'rotate')) {
    // The engine allows one rotation an hour (KEY_ROTATION_NOT_PERMITTED).
    const wait = rotationWait(key, now);
    entries.push({
      action: 'rotate',
      label: 'Rotate…',
      needs: 'write',
      ...(wait ? { refused: `again after ${formatTime(wait.from, true)}` } : {}),
    });
  }
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
  const now = useEngineNow();
  return (
    <OverflowMenu
      aria-label={`Actions for ${keyItem.name}`}
      iconDescription={`Actions for ${keyItem.name}`}
      flipped
      size="sm"
      menuOptionsClass="kw-row-menu"
    >
      {rowEntries(keyItem, now).map((entry) => {
        const allowed = allowedBy(permissions, entry.needs);
        const needs = entry.needs && permissions?.[entry.needs].needs;
        const plain = entry.label.replace('…', '');
        return (
          <OverflowMenuItem
            key={entry.action}
            itemText={
              !allowed
                ? `${plain} (needs ${needs ?? 'another role'})`
                : entry.refused
                  ? `${plain} (${entry.refused})`
                  : entry.label
            }
            disabled={!allowed || entry.refused !== undefined}
            isDelete={entry.danger && allowed}
            hasDivider={entry.danger}
            onClick={() => onAction(entry.action, keyItem)}
          />
        );
      })}
    </OverflowMenu>
  );
}
