/**
 * The two confirmations of the access page that take access away: removing a user (typing their
 * name) and revoking one access policy. Each runs its engine call, shows a refusal in place and
 * reports success.
 */
import { Modal } from '@carbon/react';
import type { AccessPolicy, User } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { useNotify } from '../../../components/notifications';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { useRemoveUser } from '../api/remove-user';
import { useRevokeAccess } from '../api/revoke-access';

export function RemoveUserModal({
  user,
  policyCount,
  onClose,
}: {
  user: User;
  /** How many access policies the user holds (all go with them). */
  policyCount: number;
  onClose: () => void;
}) {
  const notify = useNotify();
  const removeUser = useRemoveUser();
  return (
    <TypedConfirmModal
      open
      heading={`Remove ${user.name}`}
      name={user.name}
      nameLabel="user’s name"
      primaryButtonText="Remove user"
      pendingText="Removing…"
      pending={removeUser.isPending}
      failure={removeUser.error ? errorMessage(removeUser.error) : undefined}
      onConfirm={() =>
        removeUser.mutate(user.id, {
          onSuccess: () => {
            notify({ kind: 'success', title: `Removed ${user.name}` });
            onClose();
          },
        })
      }
      onClose={() => {
        removeUser.reset();
        onClose();
      }}
    >
      <p>
        {user.name} loses every role they hold ({policyCount} access policies). Their past events
        stay in the audit trail.
      </p>
    </TypedConfirmModal>
  );
}

export function RevokeAccessModal({
  policy,
  policyText,
  userName,
  onClose,
}: {
  policy: AccessPolicy;
  /** "Manager on Key Protect (us-south)". */
  policyText: string;
  userName: string;
  onClose: () => void;
}) {
  const notify = useNotify();
  const revoke = useRevokeAccess();
  return (
    <Modal
      open
      danger
      modalHeading="Revoke access"
      primaryButtonText={revoke.isPending ? 'Revoking…' : 'Revoke'}
      primaryButtonDisabled={revoke.isPending}
      secondaryButtonText="Cancel"
      onRequestClose={() => {
        revoke.reset();
        onClose();
      }}
      onRequestSubmit={() =>
        revoke.mutate(policy.id, {
          onSuccess: () => {
            notify({ kind: 'success', title: `Revoked ${policyText} from ${userName}` });
            onClose();
          },
        })
      }
      size="sm"
    >
      <p>
        {userName} will no longer have {policyText}. Other roles they hold still apply.
      </p>
      <FailureNotice failure={revoke.error ? errorMessage(revoke.error) : null} />
    </Modal>
  );
}
