/**
 * The confirmation before rotating a key from the keys table: what rotation does (a new version
 * becomes current for wrapping; data wrapped under older versions still unwraps) and that it can
 * be done once an hour. The engine's refusal shows in the dialog, beside the button.
 */
import { Modal } from '@carbon/react';
import type { Key } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { useNotify } from '../../../components/notifications';
import { useRotateKey } from '../api/rotate-key';

export function RotateKeyModal({ keyItem, onClose }: { keyItem: Key | null; onClose: () => void }) {
  const rotate = useRotateKey();
  const notify = useNotify();
  const pending = rotate.isPending;
  const close = () => {
    rotate.reset();
    onClose();
  };
  const onConfirm = (key: Key) =>
    rotate.mutate(key.id, {
      onSuccess: () => {
        close();
        notify({ kind: 'success', title: 'Key rotated', subtitle: key.name });
      },
    });
  return (
    <Modal
      open={keyItem !== null}
      modalHeading={keyItem ? `Rotate “${keyItem.name}”?` : 'Rotate key'}
      primaryButtonText={pending ? 'Rotating…' : 'Rotate key'}
      primaryButtonDisabled={pending}
      secondaryButtonText="Cancel"
      onRequestClose={close}
      onRequestSubmit={() => keyItem && onConfirm(keyItem)}
      size="sm"
    >
      <p>
        Rotation creates a new version of the key&apos;s material. New wraps use it; data wrapped
        under earlier versions still unwraps, and rewrap moves it to the new version. A key can be
        rotated once an hour.
      </p>
      <FailureNotice failure={rotate.error ? errorMessage(rotate.error) : null} />
    </Modal>
  );
}
