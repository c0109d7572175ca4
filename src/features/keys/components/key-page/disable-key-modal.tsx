/**
 * The confirmation before disabling a key: what a disabled key cannot do, and when it can be
 * enabled again. The engine's refusal, if any, comes back as a toast.
 */
import { Modal } from '@carbon/react';
import type { Key } from '../../../../domain/types';
import { useDisableKey } from '../../api/disable-key';
import { useActionFeedback } from './use-action-feedback';

export function DisableKeyModal({
  open,
  keyData: key,
  onClose,
}: {
  open: boolean;
  keyData: Key;
  onClose: () => void;
}) {
  const disable = useDisableKey();
  const feedback = useActionFeedback();
  return (
    <Modal
      open={open}
      danger
      modalHeading={`Disable “${key.name}”?`}
      primaryButtonText={disable.isPending ? 'Disabling…' : 'Disable key'}
      primaryButtonDisabled={disable.isPending}
      secondaryButtonText="Cancel"
      onRequestClose={onClose}
      onRequestSubmit={() =>
        disable.mutate(key.id, {
          onSuccess: () => {
            onClose();
            feedback.succeeded(
              'Key disabled',
              'It cannot wrap, unwrap or rewrap until enabled; enabling is possible after 30 seconds.',
            );
          },
          onError: (error) => {
            onClose();
            feedback.failed(error);
          },
        })
      }
      size="sm"
    >
      <p>
        While the key is disabled it cannot wrap, unwrap or rewrap, so the resources it protects can
        be neither read nor written. A Manager can enable it again, no sooner than 30 seconds after
        disabling.
      </p>
    </Modal>
  );
}
