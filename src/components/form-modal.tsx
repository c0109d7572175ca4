/**
 * The console's form dialog: a Carbon modal whose primary button names the action ("Create key
 * ring"), says it is under way while the call runs ("Creating…") and cannot be pressed twice;
 * Cancel closes it. The fields stack with one spacing, and a failed call's answer shows below
 * them (FailureNotice scrolls it into view).
 */
import { Modal, Stack } from '@carbon/react';
import type { ReactNode } from 'react';
import type { ErrorMessage } from '../client/error-message';
import { FailureNotice } from './failure-notice';

interface FormModalProps {
  heading: string;
  /** The primary button's text, and its text while the call runs. */
  action: string;
  pendingAction: string;
  pending: boolean;
  /** Another reason the primary button is off (nothing chosen yet, nothing changed). */
  disabled?: boolean;
  /** Red primary button, for what removes or revokes. */
  danger?: boolean;
  failure: ErrorMessage | null | undefined;
  onSubmit: () => void;
  onClose: () => void;
  open?: boolean;
  size?: 'sm' | 'md';
  /** The gap between fields, in Carbon's spacing steps. */
  gap?: 5 | 6;
  children: ReactNode;
}

export function FormModal({
  heading,
  action,
  pendingAction,
  pending,
  disabled = false,
  danger = false,
  failure,
  onSubmit,
  onClose,
  open = true,
  size = 'sm',
  gap = 5,
  children,
}: FormModalProps) {
  return (
    <Modal
      open={open}
      danger={danger}
      modalHeading={heading}
      primaryButtonText={pending ? pendingAction : action}
      primaryButtonDisabled={pending || disabled}
      secondaryButtonText="Cancel"
      onRequestClose={onClose}
      onRequestSubmit={onSubmit}
      size={size}
    >
      <Stack gap={gap}>
        {children}
        <FailureNotice failure={failure} />
      </Stack>
    </Modal>
  );
}
