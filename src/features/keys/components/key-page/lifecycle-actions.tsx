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
  type CarbonIconType,
} from '@carbon/icons-react';
import { InlineNotification, type ButtonProps } from '@carbon/react';
import { failureMessage } from '../../../../components/failure-message';
import { formatDatesIn } from '../../../../components/format';
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
  // The last refusal of a button that calls at once, shown under the buttons until the next call
  // or until closed (a toast would cover the page's top-right corner and disappear from the
  // place the user acted in).
  const [refusal, setRefusal] = useState<{ action: string; error: unknown }>();

  const enable = useEnableKey();
  const schedule = useScheduleKeyDeletion();
  const cancel = useCancelKeyDeletion();
  const restore = useRestoreKey();

  const gates = lifecycleGates(key, permissions, now, ctx.userId);
  const dual = key.dualAuthDelete;

  // One header button: gated by its permission, busy while its call runs.
  const button = (
    id: keyof LifecycleGates,
    label: string,
    icon: CarbonIconType | undefined,
    onClick: () => void,
    {
      busy = false,
      kind = 'tertiary',
    }: { busy?: boolean; kind?: ButtonProps<'button'>['kind'] } = {},
  ) => (
    <GatedButton
      kind={kind}
      size="md"
      renderIcon={icon}
      permission={gates[id]}
      disabled={busy}
      onClick={onClick}
    >
      {label}
    </GatedButton>
  );
  // What a call that answers at once tells when it is done.
  const reportOutcome = <T,>(
    action: string,
    success: (result: T) => [title: string, detail: string],
  ) => {
    setRefusal(undefined);
    return {
      onSuccess: (result: T) => feedback.succeeded(...success(result)),
      onError: (error: unknown) => setRefusal({ action, error }),
    };
  };
  const refused = refusal && failureMessage(refusal.error);

  const buttons: Record<keyof LifecycleGates, () => ReactNode> = {
    // An imported key needs new material from the user; a generated one asks first.
    rotate: () =>
      button('rotate', 'Rotate', Renew, () =>
        setDialog(key.imported ? 'rotate-imported' : 'rotate'),
      ),
    enable: () =>
      button(
        'enable',
        enable.isPending ? 'Enabling…' : 'Enable',
        PlayOutline,
        () =>
          enable.mutate(
            key.id,
            reportOutcome('Enable', () => ['Key enabled', 'It can wrap, unwrap and rewrap again.']),
          ),
        { busy: enable.isPending },
      ),
    disable: () => button('disable', 'Disable', PauseOutline, () => setDialog('disable')),
    cancelDeletion: () =>
      button(
        'cancelDeletion',
        'Cancel scheduled deletion',
        CloseOutline,
        () =>
          cancel.mutate(
            key.id,
            reportOutcome('Cancel scheduled deletion', () => [
              'Scheduled deletion cancelled',
              'Deleting the key needs a new schedule first.',
            ]),
          ),
        { busy: cancel.isPending },
      ),
    scheduleDeletion: () =>
      button(
        'scheduleDeletion',
        'Schedule deletion',
        EventSchedule,
        () =>
          schedule.mutate(
            key.id,
            reportOutcome('Schedule deletion', (next: Key) => [
              'Deletion scheduled',
              `Another user with the Manager role can delete the key until ${formatDate(next.dualAuthDelete.authExpiration ?? next.lastUpdateDate)}.`,
            ]),
          ),
        { busy: schedule.isPending },
      ),
    delete: () =>
      button('delete', 'Delete', TrashCan, () => setDialog('delete'), { kind: 'danger--tertiary' }),
    restore: () =>
      button(
        'restore',
        restore.isPending ? 'Restoring…' : 'Restore',
        Undo,
        () =>
          restore.mutate(
            key.id,
            reportOutcome('Restore', () => ['Key restored', `“${key.name}” is enabled again.`]),
          ),
        { busy: restore.isPending },
      ),
    purge: () => button('purge', 'Purge', undefined, () => setDialog('purge'), { kind: 'danger' }),
  };

  return (
    <>
      <div className="kw-key-actions" role="group" aria-label="Lifecycle actions">
        {lifecycleButtons(key).map((id) => (
          <Fragment key={id}>{buttons[id]()}</Fragment>
        ))}
      </div>
      {refused && refusal && (
        <InlineNotification
          className="kw-action-refusal"
          kind="error"
          role="alert"
          title={`${refusal.action} refused: ${refused.title}`}
          subtitle={formatDatesIn(refused.detail)}
          lowContrast
          onClose={() => {
            setRefusal(undefined);
            return false;
          }}
        />
      )}

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
