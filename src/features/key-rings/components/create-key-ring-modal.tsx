/**
 * The create-key-ring form: the id is checked as the user types against the engine's rules
 * (2–100 letters, digits and "-"), the rings already there (unique) and the 50-ring quota; the
 * engine's own refusal, if any, shows in the modal.
 */
import { InlineNotification, TextInput } from '@carbon/react';
import { useState } from 'react';
import { keyRingIdProblem, LIMITS } from '../../../domain/validation';
import { errorMessage } from '../../../client/error-message';
import { useCreateKeyRing } from '../api/create-key-ring';
import { MAX_KEY_RINGS } from './key-ring-rules';
import { FormModal } from '../../../components/form-modal';

interface CreateKeyRingModalProps {
  open: boolean;
  existing: string[];
  onClose: () => void;
  onCreated: (id: string) => void;
}

export function idProblem(id: string, existing: string[]): string | undefined {
  const problem = keyRingIdProblem(id);
  if (problem) return `Key ring ID: ${problem}.`;
  if (existing.includes(id)) return `A key ring named “${id}” already exists; choose another ID.`;
  return undefined;
}

export function CreateKeyRingModal({
  open,
  existing,
  onClose,
  onCreated,
}: CreateKeyRingModalProps) {
  const [id, setId] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateKeyRing();
  const full = existing.length > MAX_KEY_RINGS; // `default` is not counted
  const problem = id.length > 0 || submitted ? idProblem(id, existing) : undefined;
  const failure = create.error ? errorMessage(create.error) : undefined;

  function close() {
    setId('');
    setSubmitted(false);
    create.reset();
    onClose();
  }

  function submit() {
    setSubmitted(true);
    if (full || idProblem(id, existing)) return;
    create.mutate(id, {
      onSuccess: (ring) => {
        setId('');
        setSubmitted(false);
        create.reset();
        onCreated(ring.id);
      },
    });
  }

  return (
    <FormModal
      open={open}
      heading="Create key ring"
      action="Create key ring"
      pendingAction="Creating…"
      pending={create.isPending}
      disabled={full}
      failure={failure}
      onClose={close}
      onSubmit={submit}
    >
      <p>
        A key ring groups keys so access can be granted per ring. Keys can move between rings later
        (Manager on both).
      </p>
      {full && (
        <InlineNotification
          kind="warning"
          title="No room for another key ring"
          subtitle={`An instance can have at most ${MAX_KEY_RINGS} key rings besides default (it has ${existing.length - 1}); delete an unused ring first.`}
          hideCloseButton
          lowContrast
        />
      )}
      <TextInput
        id="key-ring-id"
        labelText="Key ring ID"
        helperText={`${LIMITS.keyRingIdMin}–${LIMITS.keyRingIdMax} characters: letters, digits and “-”; unique in the instance; cannot be changed later.`}
        value={id}
        onChange={(e) => setId(e.target.value)}
        invalid={problem !== undefined}
        invalidText={problem}
        // Carbon points aria-errormessage at the message but leaves it out of aria-describedby,
        // which axe (and some screen readers) need; name both ids Carbon renders.
        aria-describedby={problem ? 'key-ring-id-error-msg' : 'key-ring-id-helper-text'}
        autoComplete="off"
        spellCheck={false}
        disabled={full}
        data-modal-primary-focus
      />
    </FormModal>
  );
}
