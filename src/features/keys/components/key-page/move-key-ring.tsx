/**
 * Moving a key to another key ring (Manager on both rings): a button beside the key's ring on the
 * overview, and a modal with the instance's other rings. The engine checks the destination ring;
 * its refusal shows in the modal.
 */
import { InlineNotification, Select, SelectItem } from '@carbon/react';
import { FolderMoveTo } from '@carbon/icons-react';
import { useState } from 'react';
import { KeyState } from '../../../../domain/key-state';
import type { Key, Permissions } from '../../../../domain/types';
import { failureMessage } from '../../../../components/failure-message';
import { GatedButton } from '../../../../components/gated-button';
import { useSetKeyRing } from '../../api/set-key-ring';
import { useActionFeedback } from './use-action-feedback';
import { FormModal } from '../../../../components/form-modal';
import { useKeyRings } from '../../../../client/shared-reads';
import { QueryFailure } from '../../../../components/query-failure';

export function MoveKeyRing({
  keyData: key,
  permissions,
  permissionsError,
}: {
  keyData: Key;
  permissions: Permissions | undefined;
  /** Why `permissions` could not be read, if it could not. */
  permissionsError?: unknown;
}) {
  const [open, setOpen] = useState(false);
  const manage = permissions?.manage;
  const permission =
    manage?.allowed && key.state === KeyState.Destroyed
      ? { allowed: false, reason: 'A deleted key cannot be moved: restore it first.' }
      : manage && !manage.allowed
        ? {
            ...manage,
            reason: 'Moving a key to another ring needs the Manager role on both rings.',
          }
        : manage;
  return (
    <>
      <GatedButton
        kind="ghost"
        size="sm"
        renderIcon={FolderMoveTo}
        permission={permission}
        error={permissionsError}
        onClick={() => setOpen(true)}
      >
        Move to another ring
      </GatedButton>
      {open && <MoveKeyRingModal keyData={key} onClose={() => setOpen(false)} />}
    </>
  );
}

function MoveKeyRingModal({ keyData: key, onClose }: { keyData: Key; onClose: () => void }) {
  const rings = useKeyRings();
  const others = (rings.data?.keyRings ?? []).filter((r) => r.id !== key.keyRingID);
  const [target, setTarget] = useState('');
  const move = useSetKeyRing(key.id);
  const feedback = useActionFeedback();
  const chosen = target || others[0]?.id || '';
  const failure = move.error ? failureMessage(move.error) : undefined;

  return (
    <FormModal
      heading={`Move ${key.name} to another key ring`}
      action="Move key"
      pendingAction="Moving…"
      pending={move.isPending}
      disabled={chosen === ''}
      failure={failure}
      onClose={onClose}
      onSubmit={() =>
        move.mutate(chosen, {
          onSuccess: (moved) => {
            feedback.succeeded('Key moved', `${moved.name} is now in key ring ${moved.keyRingID}.`);
            onClose();
          },
        })
      }
    >
      <p>
        The key is in <strong>{key.keyRingID}</strong>. Access granted on a ring applies to the keys
        in it, so moving needs the Manager role on both rings.
      </p>
      {rings.isSuccess && others.length === 0 ? (
        <InlineNotification
          kind="info"
          title="No other key ring"
          subtitle="Create a key ring on the Key rings page first."
          hideCloseButton
          lowContrast
        />
      ) : (
        <Select
          id="move-key-ring"
          labelText="Destination key ring"
          value={chosen}
          onChange={(e) => setTarget(e.target.value)}
          disabled={!rings.isSuccess}
        >
          {others.map((r) => (
            <SelectItem key={r.id} value={r.id} text={r.id} />
          ))}
        </Select>
      )}
      {rings.isError && <QueryFailure what="key rings" query={rings} />}
    </FormModal>
  );
}
