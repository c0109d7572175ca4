/**
 * Create a service instance: kind, name and region, validated as typed with the engine's own
 * rules; the engine's refusal, if any, is shown in the modal.
 */
import { RadioButton, RadioButtonGroup, Select, SelectItem, TextInput } from '@carbon/react';
import { useState } from 'react';
import {
  ACCESS_LIMITS,
  INSTANCE_KIND_LABELS,
  INSTANCE_KINDS,
  instanceNameProblem,
} from '../../../domain/access-validation';
import {
  REGIONS,
  type InstanceKind,
  type Region,
  type ServiceInstance,
} from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { useCreateInstance } from '../api/create-instance';
import { FormModal } from '../../../components/form-modal';

const KIND_HELP: Record<InstanceKind, string> = {
  kms: 'Ready for keys at once: Keyward creates its master key and the default key ring.',
  hpcs: 'Keep your own key: it holds no keys until its custodians load a master key, which Keyward cannot do yet.',
  cos: 'Holds buckets; authorize it to use a key management instance’s keys for customer-managed encryption.',
};

interface CreateInstanceModalProps {
  onClose: () => void;
  onCreated: (instance: ServiceInstance) => void;
}

export function CreateInstanceModal({ onClose, onCreated }: CreateInstanceModalProps) {
  const [kind, setKind] = useState<InstanceKind>('kms');
  const [name, setName] = useState('');
  const [region, setRegion] = useState<Region>('us-south');
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateInstance();
  const nameError = name.length > 0 || submitted ? instanceNameProblem(name) : undefined;
  const failure = create.error ? errorMessage(create.error) : undefined;

  function submit() {
    setSubmitted(true);
    if (instanceNameProblem(name)) return;
    create.mutate({ kind, name, region }, { onSuccess: onCreated });
  }

  return (
    <FormModal
      heading="Create instance"
      action="Create instance"
      pendingAction="Creating…"
      pending={create.isPending}
      failure={failure}
      onClose={onClose}
      onSubmit={submit}
      size="md"
      gap={6}
    >
      <RadioButtonGroup
        legendText="Service"
        name="instance-kind"
        orientation="vertical"
        valueSelected={kind}
        onChange={(value) => setKind(value as InstanceKind)}
        helperText={KIND_HELP[kind]}
      >
        {INSTANCE_KINDS.map((k) => (
          <RadioButton
            key={k}
            id={`instance-kind-${k}`}
            value={k}
            labelText={`${INSTANCE_KIND_LABELS[k]} (${k})`}
          />
        ))}
      </RadioButtonGroup>
      <TextInput
        id="instance-name"
        labelText="Name"
        helperText={`${ACCESS_LIMITS.instanceNameMin}–${ACCESS_LIMITS.instanceNameMax} characters.`}
        value={name}
        invalid={nameError !== undefined}
        invalidText={nameError ? `${nameError[0]?.toUpperCase()}${nameError.slice(1)}.` : ''}
        onChange={(e) => setName(e.target.value)}
        data-modal-primary-focus
      />
      <Select
        id="instance-region"
        labelText="Region"
        value={region}
        onChange={(e) => setRegion(e.target.value as Region)}
      >
        {REGIONS.map((r) => (
          <SelectItem key={r} value={r} text={r} />
        ))}
      </Select>
    </FormModal>
  );
}
