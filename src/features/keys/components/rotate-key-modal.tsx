/**
 * The confirmation before rotating a root key (from its page or the keys table's row menu): what
 * rotation does — a new version wraps from now on; data wrapped under older versions still
 * unwraps; a rewrap moves it to the new version — and that the next rotation waits an hour. The
 * engine's refusal shows in the dialog, beside the button.
 */

import type { Key } from '../../../domain/types';
import { ROTATION_MIN_INTERVAL } from '../../../domain/time';
import { useEngineNow } from '../../../client/session-query';
import { failureMessage } from '../../../components/failure-message';
import { FormModal } from '../../../components/form-modal';
import { formatTime } from '../../../components/format';
import { useNotify } from '../../../components/notifications';
import { useRotateKey } from '../api/rotate-key';

export function RotateKeyModal({ keyItem, onClose }: { keyItem: Key | null; onClose: () => void }) {
  const rotate = useRotateKey();
  const notify = useNotify();
  const now = useEngineNow();
  const pending = rotate.isPending;
  const close = () => {
    rotate.reset();
    onClose();
  };
  const onConfirm = (key: Key) =>
    rotate.mutate(key.id, {
      onSuccess: (next) => {
        close();
        notify({
          kind: 'success',
          title: 'Key rotated',
          subtitle: `“${key.name}”: a new version (${next.keyVersion.id}) wraps from now on; older versions still unwrap.`,
        });
      },
    });
  return (
    <FormModal
      open={keyItem !== null}
      heading={keyItem ? `Rotate “${keyItem.name}”?` : 'Rotate key'}
      action="Rotate key"
      pendingAction="Rotating…"
      pending={pending}
      failure={rotate.error ? failureMessage(rotate.error) : null}
      onClose={close}
      onSubmit={() => keyItem && onConfirm(keyItem)}
    >
      <p>
        Rotation creates a new version of the key&apos;s material. Every wrap from now on uses the
        new version.
      </p>
      <p>
        Nothing wrapped before is lost: data wrapped under earlier versions still unwraps. A rewrap
        moves such a ciphertext to the new version — the same data encryption key, opened and
        wrapped again inside Keyward without ever being shown — so stored ciphertexts can be brought
        up to date when convenient.
      </p>
      <p>
        A key can be rotated once an hour: after this, the next rotation is possible from{' '}
        {formatTime(now + ROTATION_MIN_INTERVAL)}.
      </p>
    </FormModal>
  );
}
