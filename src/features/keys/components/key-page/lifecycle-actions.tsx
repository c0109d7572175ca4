/**
 * The key's lifecycle actions, in the page header: rotate, disable or enable, delete (or, under
 * dual authorization, schedule and cancel deletion), restore and purge. Each button is gated by
 * the engine's answer for the acting user AND by the key's state, with the reason in a tooltip;
 * the engine still decides, and its refusal is shown as it gives it.
 */
import { Modal } from '@carbon/react';
import {
  CloseOutline,
  EventSchedule,
  PauseOutline,
  PlayOutline,
  Renew,
  TrashCan,
  Undo,
} from '@carbon/icons-react';
import { useState } from 'react';
import { KeyState, stateAllows } from '../../../../domain/key-state';
import type { Key, Permissions } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { GatedButton } from '../../../../components/gated-button';
import { useCancelKeyDeletion } from '../../api/cancel-key-deletion';
import { useDisableKey } from '../../api/disable-key';
import { useEnableKey } from '../../api/enable-key';
import { useRestoreKey } from '../../api/restore-key';
import { useRotateKey } from '../../api/rotate-key';
import { useScheduleKeyDeletion } from '../../api/schedule-key-deletion';
import { useEngineNow, useUserName } from '../../../../client/session-query';
import { DeleteKeyModal } from './delete-key-modal';
import { formatDate, gate, relative, stateReason } from './format';
import { PurgeKeyModal } from './purge-key-modal';
import { RotateImportedModal } from './rotate-imported-modal';
import { useActionFeedback } from './use-action-feedback';

interface LifecycleActionsProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

export function LifecycleActions({ keyData: key, permissions }: LifecycleActionsProps) {
  const ctx = useCallContext();
  const now = useEngineNow();
  const userName = useUserName();
  const feedback = useActionFeedback();
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [purging, setPurging] = useState(false);
  const [rotatingImported, setRotatingImported] = useState(false);

  const rotate = useRotateKey();
  const disable = useDisableKey();
  const enable = useEnableKey();
  const schedule = useScheduleKeyDeletion();
  const cancel = useCancelKeyDeletion();
  const restore = useRestoreKey();

  const { state } = key;
  const deleted = state === KeyState.Destroyed;
  const dual = key.dualAuthDelete;
  const scheduledByMe = dual.keySetForDeletion && dual.setBy === ctx.userId;

  const rotateButton = !key.extractable && (
    <GatedButton
      kind="tertiary"
      size="md"
      renderIcon={Renew}
      permission={gate(
        permissions?.write,
        'Rotating a key',
        stateAllows(state, 'rotate') ? undefined : stateReason(state, 'be rotated'),
      )}
      disabled={rotate.isPending}
      onClick={() =>
        // An imported key needs new material from the user: ask for it first.
        key.imported
          ? setRotatingImported(true)
          : rotate.mutate(key.id, {
              onSuccess: (next) =>
                feedback.succeeded(
                  'Key rotated',
                  `A new version (${next.keyVersion.id}) wraps from now on; older versions still unwrap.`,
                ),
              onError: feedback.failed,
            })
      }
    >
      {rotate.isPending ? 'Rotating…' : 'Rotate'}
    </GatedButton>
  );

  const enableOrDisable =
    state === KeyState.Suspended ? (
      <GatedButton
        kind="tertiary"
        size="md"
        renderIcon={PlayOutline}
        permission={gate(permissions?.manage, 'Enabling a key')}
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
    ) : (
      !deleted && (
        <GatedButton
          kind="tertiary"
          size="md"
          renderIcon={PauseOutline}
          permission={gate(
            permissions?.manage,
            'Disabling a key',
            stateAllows(state, 'disable') ? undefined : stateReason(state, 'be disabled'),
          )}
          onClick={() => setConfirmDisable(true)}
        >
          Disable
        </GatedButton>
      )
    );

  let scheduleButton = null;
  let deleteReason: string | undefined;
  if (!deleted && dual.enabled) {
    if (dual.keySetForDeletion) {
      scheduleButton = (
        <GatedButton
          kind="tertiary"
          size="md"
          renderIcon={CloseOutline}
          permission={gate(permissions?.scheduleDeletion, 'Cancelling a scheduled deletion')}
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
      );
      if (scheduledByMe)
        deleteReason =
          'You scheduled this deletion. Dual authorization needs a different user to delete the key.';
    } else {
      scheduleButton = (
        <GatedButton
          kind="tertiary"
          size="md"
          renderIcon={EventSchedule}
          permission={gate(
            permissions?.scheduleDeletion,
            'Scheduling a deletion',
            stateAllows(state, 'delete') ? undefined : stateReason(state, 'be deleted'),
          )}
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
      );
      deleteReason =
        'Dual authorization is on: a user with delete rights must first schedule the deletion, then a different user deletes the key.';
    }
  }

  const deleteButton = !deleted && (
    <GatedButton
      kind="danger--tertiary"
      size="md"
      renderIcon={TrashCan}
      permission={gate(
        permissions?.manage,
        'Deleting a key',
        stateAllows(state, 'delete') ? deleteReason : stateReason(state, 'be deleted'),
      )}
      onClick={() => setDeleting(true)}
    >
      Delete
    </GatedButton>
  );

  const restoreReason = key.restoreAllowed
    ? undefined
    : key.expirationDate && Date.parse(key.expirationDate) <= now
      ? 'The key has passed its expiration date, so it cannot be restored.'
      : `The 30-day restore window closed on ${key.restoreExpirationDate ? formatDate(key.restoreExpirationDate) : 'its last day'}.`;
  const purgeReason = key.purgeAllowed
    ? undefined
    : `A deleted key can be purged 4 hours after deletion: from ${key.purgeAllowedFrom ? `${formatDate(key.purgeAllowedFrom)} (${relative(key.purgeAllowedFrom, now)})` : 'later'}.`;

  return (
    <>
      <div className="kw-key-actions" role="group" aria-label="Lifecycle actions">
        {deleted ? (
          <>
            <GatedButton
              kind="tertiary"
              size="md"
              renderIcon={Undo}
              permission={gate(permissions?.manage, 'Restoring a key', restoreReason)}
              disabled={restore.isPending}
              onClick={() =>
                restore.mutate(key.id, {
                  onSuccess: () =>
                    feedback.succeeded('Key restored', `“${key.name}” is enabled again.`),
                  onError: feedback.failed,
                })
              }
            >
              {restore.isPending ? 'Restoring…' : 'Restore'}
            </GatedButton>
            <GatedButton
              kind="danger"
              size="md"
              permission={gate(permissions?.purge, 'Purging a key', purgeReason)}
              onClick={() => setPurging(true)}
            >
              Purge
            </GatedButton>
          </>
        ) : (
          <>
            {rotateButton}
            {enableOrDisable}
            {scheduleButton}
            {deleteButton}
          </>
        )}
      </div>

      <Modal
        open={confirmDisable}
        danger
        modalHeading={`Disable “${key.name}”?`}
        primaryButtonText={disable.isPending ? 'Disabling…' : 'Disable key'}
        primaryButtonDisabled={disable.isPending}
        secondaryButtonText="Cancel"
        onRequestClose={() => setConfirmDisable(false)}
        onRequestSubmit={() =>
          disable.mutate(key.id, {
            onSuccess: () => {
              setConfirmDisable(false);
              feedback.succeeded(
                'Key disabled',
                'It cannot wrap, unwrap or rewrap until enabled; enabling is possible after 30 seconds.',
              );
            },
            onError: (error) => {
              setConfirmDisable(false);
              feedback.failed(error);
            },
          })
        }
        size="sm"
      >
        <p>
          While the key is disabled it cannot wrap, unwrap or rewrap, so the resources it protects
          can be neither read nor written. A Manager can enable it again, no sooner than 30 seconds
          after disabling.
        </p>
      </Modal>
      <DeleteKeyModal
        open={deleting}
        keyData={key}
        onClose={() => setDeleting(false)}
        deletingAsSecond={dual.enabled ? userName(dual.setBy) : undefined}
      />
      <PurgeKeyModal open={purging} keyData={key} onClose={() => setPurging(false)} />
      <RotateImportedModal
        open={rotatingImported}
        keyData={key}
        onClose={() => setRotatingImported(false)}
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
