/** Add a user: name and email, validated as typed; the engine refuses an email already in use. */
import { TextInput } from '@carbon/react';
import { useState } from 'react';
import { emailProblem, userNameProblem } from '../../../domain/access-validation';
import type { User } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { useAddUser } from '../api/add-user';
import { FormModal } from '../../../components/form-modal';

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
    <FormModal
      heading="Add user"
      action="Add user"
      pendingAction="Adding…"
      pending={add.isPending}
      failure={failure}
      onClose={onClose}
      onSubmit={() => {
        setSubmitted(true);
        if (userNameProblem(name) || emailProblem(email)) return;
        add.mutate({ name, email }, { onSuccess: onAdded });
      }}
    >
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
    </FormModal>
  );
}
