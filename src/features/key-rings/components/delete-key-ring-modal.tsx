/**
 * Deleting a key ring: a danger modal that asks for the ring's ID. A ring that still holds deleted
 * keys is deleted with `force`, which moves them to `default` (where they can still be restored
 * or purged); the modal says so before the user confirms.
 */
import type { KeyRing } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { useDeleteKeyRing } from '../api/delete-key-ring';
import { plural } from '../../../components/format';

interface DeleteKeyRingModalProps {
  ring: KeyRing | undefined;
  onClose: () => void;
  onDeleted: (ring: KeyRing) => void;
}

export function DeleteKeyRingModal({ ring, onClose, onDeleted }: DeleteKeyRingModalProps) {
  const remove = useDeleteKeyRing();
  const deleted = ring?.deletedKeyCount ?? 0;
  const failure = remove.error ? errorMessage(remove.error) : undefined;

  function close() {
    // A refused delete's error must not show when the next ring's modal opens.
    remove.reset();
    onClose();
  }

  return (
    <TypedConfirmModal
      // Remounted per ring, so the typed confirmation starts empty.
      key={ring?.id ?? 'none'}
      open={ring !== undefined}
      heading={`Delete key ring ${ring?.id ?? ''}`}
      name={ring?.id ?? ''}
      nameLabel="key ring ID"
      primaryButtonText={deleted > 0 ? 'Move keys and delete ring' : 'Delete key ring'}
      pendingText="Deleting…"
      pending={remove.isPending}
      failure={failure}
      onConfirm={() => {
        if (!ring) return;
        remove.mutate(
          { keyRingID: ring.id, force: deleted > 0 },
          {
            onSuccess: () => onDeleted(ring),
          },
        );
      }}
      onClose={close}
    >
      {deleted > 0 ? (
        <p>
          This ring holds {plural(deleted, 'deleted key')}. Deleting the ring moves{' '}
          {deleted === 1 ? 'it' : 'them'} to the <strong>default</strong> key ring first (delete
          with force), where {deleted === 1 ? 'it stays' : 'they stay'} restorable and purgeable as
          before. Access granted on this ring no longer reaches {deleted === 1 ? 'it' : 'them'}.
        </p>
      ) : (
        <p>The ring is empty. Access policies scoped to it stop applying to anything.</p>
      )}
    </TypedConfirmModal>
  );
}
