/**
 * Deleting a key: the typed-name danger confirmation, with what deletion means, the resources the
 * key still protects (their data is shredded with it) and, where allowed, the "force" override.
 */
import { Checkbox, InlineLoading, InlineNotification } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EngineError } from '../../../../domain/errors';
import type { Key } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { failureMessage } from '../../../../components/failure-message';
import { TypedConfirmModal, type ConfirmFailure } from '../../../../components/typed-confirm-modal';
import { useDeleteKey } from '../../api/delete-key';
import { useActionFeedback } from './use-action-feedback';
import { engineQuery } from '../../../../client/engine-query';

interface DeleteKeyModalProps {
  open: boolean;
  keyData: Key;
  /** Under dual authorization: who scheduled the deletion this user now completes. */
  deletingAsSecond: string | undefined;
  onClose: () => void;
}

export function failureOf(error: unknown): ConfirmFailure | undefined {
  if (!error) return undefined;
  const message = failureMessage(error);
  return {
    ...message,
    ...(error instanceof EngineError && error.reasons ? { reasons: error.reasons } : {}),
  };
}

export function DeleteKeyModal({
  open,
  keyData: key,
  deletingAsSecond,
  onClose,
}: DeleteKeyModalProps) {
  const ctx = useCallContext();
  const feedback = useActionFeedback();
  const [force, setForce] = useState(false);
  const deleteKey = useDeleteKey();
  const registrations = useQuery({
    ...engineQuery('getRegistrations', ctx, key.id),
    enabled: open,
  });
  const list = registrations.data?.registrations ?? [];
  const preventing = list.filter((r) => r.preventKeyDeletion);

  function close() {
    setForce(false);
    deleteKey.reset();
    onClose();
  }

  return (
    <TypedConfirmModal
      open={open}
      heading={`Delete “${key.name}”?`}
      name={key.name}
      nameLabel="key name"
      primaryButtonText="Delete key"
      pendingText="Deleting…"
      pending={deleteKey.isPending}
      blocked={preventing.length > 0}
      failure={failureOf(deleteKey.error)}
      onClose={close}
      onConfirm={() =>
        deleteKey.mutate(
          { idOrAlias: key.id, force },
          {
            onSuccess: () => {
              close();
              feedback.succeeded(
                'Key deleted',
                `“${key.name}” can be restored within 30 days; it can be purged from 4 hours after deletion.`,
              );
            },
          },
        )
      }
    >
      <p>
        Deleting the key shreds what it protects: nothing wrapped with it can be unwrapped, and
        resources encrypted with it cannot be read. A Manager can restore it within 30 days (unless
        it has expired). From 4 hours after deletion, a user with the KeyPurge role can purge it,
        and after 90 days it is purged automatically.
      </p>
      {deletingAsSecond !== undefined && (
        <p>
          Dual authorization: {deletingAsSecond} scheduled this deletion; you are the second user
          who completes it.
        </p>
      )}
      <section aria-labelledby="delete-resources" className="kw-delete-resources">
        <h3 id="delete-resources" className="kw-subheading">
          Associated resources
        </h3>
        {registrations.isPending ? (
          <InlineLoading description="Checking what this key protects" />
        ) : registrations.isError ? (
          <p>Could not list them: {failureMessage(registrations.error).detail}</p>
        ) : list.length === 0 ? (
          <p>No resources are protected by this key.</p>
        ) : (
          <ul className="kw-resource-list">
            {list.map((r) => (
              <li key={r.resourceCrn}>
                <span className="kw-mono">{r.resourceCrn}</span>
                {r.preventKeyDeletion && <strong> — prevents key deletion</strong>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {preventing.length > 0 ? (
        <InlineNotification
          kind="warning"
          title="This key cannot be deleted now"
          subtitle={`${preventing.length} resource(s) prevent its deletion (for example an object-lock retention policy). Not even force overrides this (PREV_KEY_DEL_ERR): remove the resources or wait until their retention ends.`}
          hideCloseButton
          lowContrast
        />
      ) : (
        list.length > 0 && (
          <Checkbox
            id={`force-delete-${key.id}`}
            labelText={`Force: delete even though the key protects ${list.length} resource(s), shredding their data`}
            helperText="Without force, the engine refuses to delete a key that still protects resources (PROTECTED_RESOURCE_ERR)."
            checked={force}
            onChange={(_event, { checked }) => setForce(checked)}
          />
        )
      )}
    </TypedConfirmModal>
  );
}
