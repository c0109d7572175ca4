/** Add a user: name and email, validated as typed; the engine refuses an email already in use. */
import { Modal, Stack, TextInput } from '@carbon/react';
import { useState } from 'react';
import { emailProblem, userNameProblem } from '../../../domain/access-validation';
import type { User } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { useAddUser } from '../api/add-user';
import { FailureNotice } from '../../../components/failure-notice';

const sentence = (p: string | undefined) =>
  p ? `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}.` : undefined;

export function AddUserModal({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (user: User) => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const add = useAddUser();
  const nameError = name.length > 0 || submitted ? sentence(userNameProblem(name)) : undefined;
  const emailError = email.length > 0 || submitted ? sentence(emailProblem(email)) : undefined;
  const failure = add.error ? errorMessage(add.error) : undefined;

  return (
    <Modal
      open
      modalHeading="Add user"
      primaryButtonText={add.isPending ? 'Adding…' : 'Add user'}
      primaryButtonDisabled={add.isPending}
      secondaryButtonText="Cancel"
      onRequestClose={onClose}
      onRequestSubmit={() => {
        setSubmitted(true);
        if (userNameProblem(name) || emailProblem(email)) return;
        add.mutate({ name, email }, { onSuccess: onAdded });
      }}
      shouldSubmitOnEnter={false}
      size="sm"
    >
      <Stack gap={5}>
        <p>A new user has no access until you assign a role.</p>
        <TextInput
          id="user-name"
          labelText="Name"
          value={name}
          invalid={nameError !== undefined}
          invalidText={nameError}
          onChange={(e) => setName(e.target.value)}
          data-modal-primary-focus
        />
        <TextInput
          id="user-email"
          labelText="Email"
          type="email"
          value={email}
          invalid={emailError !== undefined}
          invalidText={emailError}
          onChange={(e) => setEmail(e.target.value)}
        />
        <FailureNotice failure={failure} />
      </Stack>
    </Modal>
  );
}
