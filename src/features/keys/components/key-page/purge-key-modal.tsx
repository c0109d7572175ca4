/** Purging a deleted key: the typed-name danger confirmation; afterwards the key is gone for good. */
import type { Key } from '../../../../domain/types';
import { TypedConfirmModal } from '../../../../components/typed-confirm-modal';
import { usePurgeKey } from '../../api/purge-key';
import { failureOf } from './delete-key-modal';
import { useActionFeedback } from './use-action-feedback';

interface PurgeKeyModalProps {
  open: boolean;
  keyData: Key;
  onClose: () => void;
}

export function PurgeKeyModal({ open, keyData: key, onClose }: PurgeKeyModalProps) {
  const feedback = useActionFeedback();
  const purge = usePurgeKey();

  function close() {
    purge.reset();
    onClose();
  }

  return (
    <TypedConfirmModal
      open={open}
      heading={`Purge “${key.name}”?`}
      name={key.name}
      nameLabel="key name"
      primaryButtonText="Purge key"
      pendingText="Purging…"
      pending={purge.isPending}
      failure={failureOf(purge.error)}
      onClose={close}
      onConfirm={() => {
        // mutateAsync, not mutate: once purged, the page shows "not found" and this modal
        // unmounts before per-call callbacks would run.
        purge
          .mutateAsync(key.id)
          .then(() => {
            close();
            feedback.succeeded(
              'Key purged',
              `The key material of “${key.name}” is erased forever. Its events remain in the audit trail.`,
            );
          })
          .catch(() => undefined); // shown in the modal from purge.error
      }}
    >
      <p>
        This erases the key material forever. Nothing it ever wrapped can be unwrapped again, by
        anyone, and the key cannot be restored. Its aliases and registrations are removed; its
        events stay in the audit trail.
      </p>
    </TypedConfirmModal>
  );
}
