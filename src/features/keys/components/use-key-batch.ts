/**
 * The keys page's batch actions: which selected keys an action applies to (their state and the
 * acting user's role on each), why it applies to none, running it, and the notifications that
 * report what was done and what the engine refused. Deleting asks first: `onDelete` opens the
 * confirmation with the keys it would delete.
 */
import type { Key, Permissions } from '../../../domain/types';
import { plural } from '../../../components/format';
import { useNotify } from '../../../components/notifications';
import { useRunKeyActions, type KeyLifecycleAction } from '../api/run-key-actions';
import { batchGate, eligibleKeys, type BatchAction } from './batch-gates';

const PAST = { enable: 'Enabled', disable: 'Disabled', delete: 'Deleted' } as const;

export function useKeyBatch(
  permissions: Record<string, Permissions> | undefined,
  onDelete: (keys: Key[]) => void,
) {
  const notify = useNotify();
  const runActions = useRunKeyActions();

  function report(
    action: KeyLifecycleAction,
    result: { done: Key[]; refused: { key: Key; reason: string }[] },
  ) {
    if (result.done.length > 0)
      notify({
        kind: 'success',
        title: `${PAST[action]} ${plural(result.done.length, 'key')}`,
        subtitle: result.done.map((k) => k.name).join(', '),
      });
    for (const { key, reason } of result.refused)
      notify({
        kind: 'error',
        title: `“${key.name}” was not ${PAST[action].toLowerCase()}`,
        subtitle: reason,
      });
  }

  /** The action for these selected keys, as a permission: why it applies to none, if so. */
  const gateOf = (action: BatchAction, selected: Key[]) => batchGate(action, selected, permissions);

  function onBatch(action: BatchAction, selected: Key[]) {
    const eligible = eligibleKeys(action, selected, permissions);
    const skipped = selected.length - eligible.length;
    if (eligible.length === 0) {
      notify({
        kind: 'warning',
        title: `Nothing to ${action}`,
        subtitle: `None of the selected keys can be ${PAST[action].toLowerCase()}: check their state, and that your role allows it (Manager).`,
      });
      return;
    }
    if (skipped > 0)
      notify({
        kind: 'info',
        title: `${plural(skipped, 'selected key')} left out`,
        subtitle: `Their state or your role does not allow this (${action} needs the Manager role).`,
      });
    if (action === 'delete') onDelete(eligible);
    else
      runActions.mutate(
        { action, keys: eligible },
        { onSuccess: (result) => report(action, result) },
      );
  }

  return { runActions, report, gateOf, onBatch };
}
