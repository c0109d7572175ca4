/**
 * The keys table's batch actions as permissions a GatedButton shows: an action is allowed when it
 * applies to at least one selected key (its state fits, and the acting user's role on that key
 * allows it); otherwise it is disabled, with the reason in its tooltip and a short form of it in
 * its label. Pure, so the reasons are tested without a browser; the engine refuses anyway.
 */
import { KeyState, STATE_LABELS, stateAllows } from '../../../domain/key-state';
import type { Key, Permission, Permissions } from '../../../domain/types';

export type BatchAction = 'enable' | 'disable' | 'delete';

const DOING = { enable: 'Enabling', disable: 'Disabling', delete: 'Deleting' } as const;

/** Whether a key's state lets this batch action apply to it. */
export function stateFits(action: BatchAction, key: Key): boolean {
  if (action === 'enable') return key.state === KeyState.Suspended;
  if (action === 'disable') return key.state === KeyState.Active;
  return stateAllows(key.state, 'delete');
}

/** The selected keys the action applies to: their state fits and the role allows it. */
export function eligibleKeys(
  action: BatchAction,
  selected: Key[],
  permissions: Record<string, Permissions> | undefined,
): Key[] {
  return selected.filter(
    (k) => stateFits(action, k) && permissions?.[k.id]?.manage.allowed === true,
  );
}

/** Why no selected key is in a state for the action. */
function stateReason(action: BatchAction, selected: Key[]): string {
  const one = selected.length === 1;
  if (action === 'delete')
    return one ? 'The selected key is already deleted.' : 'The selected keys are all deleted.';
  const needed = STATE_LABELS[action === 'enable' ? KeyState.Suspended : KeyState.Active];
  return one
    ? `Only a ${needed} key can be ${action}d; the selected key is ${STATE_LABELS[selected[0]!.state]}.`
    : `Only ${needed} keys can be ${action}d, and none of the selected keys is.`;
}

export interface BatchGate {
  /** For the GatedButton: undefined while the role on each key is still being checked. */
  permission: Permission | undefined;
  /** The reason, short enough for the button's label: "needs Manager". */
  short?: string;
}

export function batchGate(
  action: BatchAction,
  selected: Key[],
  permissions: Record<string, Permissions> | undefined,
): BatchGate {
  if (selected.length === 0) return { permission: { allowed: true } };
  if (!permissions) return { permission: undefined };
  if (eligibleKeys(action, selected, permissions).length > 0)
    return { permission: { allowed: true } };
  // The role first (it is the reason that will not go away by itself): when the keys in a state
  // for the action all refuse the role, or when the role refuses every selected key.
  const fitting = selected.filter((k) => stateFits(action, k));
  const denials = (fitting.length > 0 ? fitting : selected)
    .map((k) => permissions[k.id]?.manage)
    .filter((p): p is Permission => p !== undefined && !p.allowed);
  if (fitting.length > 0 || denials.length === selected.length) {
    const needs = denials[0]?.needs ?? 'Manager';
    return {
      permission: {
        allowed: false,
        needs,
        reason: `${DOING[action]} keys needs the ${needs} role${selected.length > 1 ? ' on each key' : ''}.`,
      },
      short: `needs ${needs}`,
    };
  }
  return {
    permission: { allowed: false, reason: stateReason(action, selected) },
    short: selected.length === 1 ? 'not in this state' : 'none in a state for it',
  };
}
