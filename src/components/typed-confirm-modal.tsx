/**
 * A Carbon danger modal for what cannot be undone lightly (deleting, purging a key): the primary
 * button stays disabled until the user types the exact name of what they are about to destroy.
 * The engine's refusal, if any, is shown inside the modal, with the resources it names.
 */
import { InlineNotification, Modal, Stack, TextInput } from '@carbon/react';
import { useId, useState, type ReactNode } from 'react';
import { formatDatesIn } from './format';

export interface ConfirmFailure {
  title: string;
  detail: string;
  /** Extra lines the refusal names (for example the resources that protect a key). */
  reasons?: string[];
}

interface TypedConfirmModalProps {
  open: boolean;
  heading: string;
  /** What the user must type, exactly, to enable the primary button. */
  name: string;
  /** What `name` is, in the label: "key name". */
  nameLabel?: string;
  primaryButtonText: string;
  pendingText?: string;
  pending?: boolean;
  /** Another reason the action cannot go ahead (explained in `children`). */
  blocked?: boolean;
  failure?: ConfirmFailure | undefined;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

export function TypedConfirmModal({
  open,
  heading,
  name,
  nameLabel = 'name',
  primaryButtonText,
  pendingText,
  pending = false,
  blocked = false,
  failure,
  onConfirm,
  onClose,
  children,
}: TypedConfirmModalProps) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const matches = typed === name;

  function close() {
    setTyped('');
    onClose();
  }

  return (
    <Modal
      open={open}
      danger
      modalHeading={heading}
      primaryButtonText={pending ? (pendingText ?? primaryButtonText) : primaryButtonText}
      primaryButtonDisabled={!matches || pending || blocked}
      secondaryButtonText="Cancel"
      onRequestClose={close}
      onRequestSubmit={() => {
        if (matches && !pending && !blocked) onConfirm();
      }}
      shouldSubmitOnEnter={false}
      size="sm"
    >
      <Stack gap={5}>
        {children}
        <TextInput
          id={inputId}
          labelText={`Type the ${nameLabel} to confirm: ${name}`}
          helperText={
            typed.length > 0 && !matches
              ? `Type it exactly as shown (${name.length} characters, case matters).`
              : undefined
          }
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setTyped(e.target.value)}
          data-modal-primary-focus
        />
        {failure && (
          <InlineNotification
            kind="error"
            title={failure.title}
            subtitle={formatDatesIn(failure.detail)}
            hideCloseButton
            lowContrast
          >
            {failure.reasons && failure.reasons.length > 0 && (
              <ul className="kw-confirm-reasons">
                {failure.reasons.map((reason) => (
                  <li key={reason} className="kw-mono">
                    {reason}
                  </li>
                ))}
              </ul>
            )}
          </InlineNotification>
        )}
      </Stack>
    </Modal>
  );
}
