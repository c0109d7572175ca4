/**
 * Delete a service instance: type its name to confirm. The engine refuses while it holds keys that
 * are not Deleted, or buckets, and the refusal (naming them) stays in the modal.
 */
import { EngineError } from '../../../domain/errors';
import type { ServiceInstance } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { useDeleteInstance } from '../api/delete-instance';

interface DeleteInstanceModalProps {
  instance: ServiceInstance;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteInstanceModal({ instance, onClose, onDeleted }: DeleteInstanceModalProps) {
  const remove = useDeleteInstance();
  const failure = remove.error
    ? {
        ...errorMessage(remove.error),
        ...(remove.error instanceof EngineError && remove.error.reasons
          ? { reasons: remove.error.reasons }
          : {}),
      }
    : undefined;
  return (
    <TypedConfirmModal
      open
      heading={`Delete ${instance.name}`}
      name={instance.name}
      nameLabel="instance name"
      primaryButtonText="Delete instance"
      pendingText="Deleting…"
      pending={remove.isPending}
      failure={failure}
      onConfirm={() => remove.mutate(instance.id, { onSuccess: onDeleted })}
      onClose={onClose}
    >
      <p>
        Deleting an instance removes its Deleted keys, key rings, access policies and service
        authorizations with it. Keyward refuses while it still holds keys that are not Deleted, or
        buckets.
      </p>
    </TypedConfirmModal>
  );
}
