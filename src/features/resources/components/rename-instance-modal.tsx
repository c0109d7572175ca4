/** Rename a service instance, validated as typed. */
import { Modal, Stack, TextInput } from '@carbon/react';
import { useState } from 'react';
import { instanceNameProblem } from '../../../domain/access-validation';
import type { ServiceInstance } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { useRenameInstance } from '../api/rename-instance';
import { FailureNotice } from '../../../components/failure-notice';

interface RenameInstanceModalProps {
  instance: ServiceInstance;
  onClose: () => void;
  onRenamed: (instance: ServiceInstance) => void;
}

export function RenameInstanceModal({ instance, onClose, onRenamed }: RenameInstanceModalProps) {
  const [name, setName] = useState(instance.name);
  const rename = useRenameInstance();
  const problem = instanceNameProblem(name);
  const failure = rename.error ? errorMessage(rename.error) : undefined;

  return (
    <Modal
      open
      modalHeading={`Rename ${instance.name}`}
      primaryButtonText={rename.isPending ? 'Renaming…' : 'Rename'}
      primaryButtonDisabled={rename.isPending || problem !== undefined || name === instance.name}
      secondaryButtonText="Cancel"
      onRequestClose={onClose}
      onRequestSubmit={() => {
        if (!problem) rename.mutate({ instanceId: instance.id, name }, { onSuccess: onRenamed });
      }}
      size="sm"
    >
      <Stack gap={5}>
        <TextInput
          id="rename-instance"
          labelText="New name"
          value={name}
          invalid={problem !== undefined}
          invalidText={problem ? `${problem[0]?.toUpperCase()}${problem.slice(1)}.` : ''}
          onChange={(e) => setName(e.target.value)}
          data-modal-primary-focus
        />
        <FailureNotice failure={failure} />
      </Stack>
    </Modal>
  );
}
