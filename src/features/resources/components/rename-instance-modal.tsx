/** Rename a service instance, validated as typed. */
import { TextInput } from '@carbon/react';
import { useState } from 'react';
import { instanceNameProblem } from '../../../domain/access-validation';
import type { ServiceInstance } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { useRenameInstance } from '../api/rename-instance';
import { FormModal } from '../../../components/form-modal';

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
    <FormModal
      heading={`Rename ${instance.name}`}
      action="Rename"
      pendingAction="Renaming…"
      pending={rename.isPending}
      disabled={problem !== undefined || name === instance.name}
      failure={failure}
      onClose={onClose}
      onSubmit={() => {
        if (!problem) rename.mutate({ instanceId: instance.id, name }, { onSuccess: onRenamed });
      }}
    >
      <TextInput
        id="rename-instance"
        labelText="New name"
        value={name}
        invalid={problem !== undefined}
        invalidText={problem ? `${problem[0]?.toUpperCase()}${problem.slice(1)}.` : ''}
        onChange={(e) => setName(e.target.value)}
        data-modal-primary-focus
      />
    </FormModal>
  );
}
