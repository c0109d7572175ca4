/**
 * The key's lifecycle actions, in the page header: rotate (after a confirmation), disable or
 * enable, delete (or, under dual authorization, schedule and cancel deletion), restore and purge.
 * Each button is gated by the engine's answer for the acting user AND by the key's state and
 * waiting periods (lifecycle-gates.ts), with the reason in a tooltip; the engine still decides,
 * and its refusal is shown as it gives it.
 */
import {
  CloseOutline,
  EventSchedule,
  PauseOutline,
  PlayOutline,
  Renew,
  TrashCan,
  Undo,
} from '@carbon/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import type { Key, Permissions } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { GatedButton } from '../../../../components/gated-button';
import { useCancelKeyDeletion } from '../../api/cancel-key-deletion';
import { useEnableKey } from '../../api/enable-key';
import { useRestoreKey } from '../../api/restore-key';
import { useScheduleKeyDeletion } from '../../api/schedule-key-deletion';
import { useEngineNow, useUserName } from '../../../../client/session-query';
import { RotateKeyModal } from '../rotate-key-modal';
import { DeleteKeyModal } from './delete-key-modal';
import { DisableKeyModal } from './disable-key-modal';
import { formatDate } from './format';
import { lifecycleButtons, lifecycleGates, type LifecycleGates } from './lifecycle-gates';
import { PurgeKeyModal } from './purge-key-modal';
import { RotateImportedModal } from './rotate-imported-modal';
import { useActionFeedback } from './use-action-feedback';

interface LifecycleActionsProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

type Dialog = 'rotate' | 'rotate-imported' | 'disable' | 'delete' | 'purge' | undefined;

export function LifecycleActions({ keyData: key, permissions }: LifecycleActionsProps) {
  const ctx = useCallContext();
  const now = useEngineNow();
  const userName = useUserName();
  const feedback = useActionFeedback();
  const [dialog, setDialog] = useState<Dialog>();
  const close = () => setDialog(undefined);

  const enable = useEnableKey();
  const schedule = useScheduleKeyDeletion();
  const cancel = useCancelKeyDeletion();
  const restore = useRestoreKey();

  const gates = lifecycleGates(key, permissions, now, ctx.userId);
  const dual = key.dualAuthDelete;

  const buttons: Record<keyof LifecycleGates, () => ReactNode> = {
    rotate: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={Renew}
        permission={gates.rotate}
        // An imported key needs new material from the user; a generated one asks first.
        onClick={() => setDialog(key.imported ? 'rotate-imported' : 'rotate')}
      >
        Rotate
      </GatedButton>
    ),
    enable: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={PlayOutline}
        permission={gates.enable}
        disabled={enable.isPending}
        onClick={() =>
          enable.mutate(key.id, {
            onSuccess: () =>
              feedback.succeeded('Key enabled', 'It can wrap, unwrap and rewrap again.'),
            onError: feedback.failed,
          })
        }
      >
        {enable.isPending ? 'Enabling…' : 'Enable'}
      </GatedButton>
    ),
    disable: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={PauseOutline}
        permission={gates.disable}
        onClick={() => setDialog('disable')}
      >
        Disable
      </GatedButton>
    ),
    cancelDeletion: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={CloseOutline}
        permission={gates.cancelDeletion}
        disabled={cancel.isPending}
        onClick={() =>
          cancel.mutate(key.id, {
            onSuccess: () =>
              feedback.succeeded(
                'Scheduled deletion cancelled',
                'Deleting the key needs a new schedule first.',
              ),
            onError: feedback.failed,
          })
        }
      >
        Cancel scheduled deletion
      </GatedButton>
    ),
    scheduleDeletion: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={EventSchedule}
        permission={gates.scheduleDeletion}
        disabled={schedule.isPending}
        onClick={() =>
          schedule.mutate(key.id, {
            onSuccess: (next) =>
              feedback.succeeded(
                'Deletion scheduled',
                `Another user with the Manager role can delete the key until ${formatDate(next.dualAuthDelete.authExpiration ?? next.lastUpdateDate)}.`,
              ),
            onError: feedback.failed,
          })
        }
      >
        Schedule deletion
      </GatedButton>
    ),
    delete: () => (
      <GatedButton
        kind="danger--tertiary"
        size="md"
        renderIcon={TrashCan}
        permission={gates.delete}
        onClick={() => setDialog('delete')}
      >
        Delete
      </GatedButton>
    ),
    restore: () => (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={Undo}
        permission={gates.restore}
        disabled={restore.isPending}
        onClick={() =>
          restore.mutate(key.id, {
            onSuccess: () => feedback.succeeded('Key restored', `“${key.name}” is enabled again.`),
            onError: feedback.failed,
          })
        }
      >
        {restore.isPending ? 'Restoring…' : 'Restore'}
      </GatedButton>
    ),
    purge: () => (
      <GatedButton
        kind="danger"
        size="md"
        permission={gates.purge}
        onClick={() => setDialog('purge')}
      >
        Purge
      </GatedButton>
    ),
  };

  return (
    <>
      <div className="kw-key-actions" role="group" aria-label="Lifecycle actions">
        {lifecycleButtons(key).map((id) => (
          <Fragment key={id}>{buttons[id]()}</Fragment>
        ))}
      </div>

      <RotateKeyModal keyItem={dialog === 'rotate' ? key : null} onClose={close} />
      <DisableKeyModal open={dialog === 'disable'} keyData={key} onClose={close} />
      <DeleteKeyModal
        open={dialog === 'delete'}
        keyData={key}
        onClose={close}
        deletingAsSecond={dual.enabled ? userName(dual.setBy) : undefined}
      />
      <PurgeKeyModal open={dialog === 'purge'} keyData={key} onClose={close} />
      <RotateImportedModal
        open={dialog === 'rotate-imported'}
        keyData={key}
        onClose={close}
        onRotated={(next) =>
          feedback.succeeded(
            'Key rotated',
            `A new version (${next.keyVersion.id}) with your material wraps from now on; older versions still unwrap.`,
          )
        }
      />
    </>
  );
}
