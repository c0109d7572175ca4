/**
 * Assign a role: user, role (with what it allows), and for service roles the scope — a whole
 * instance, one key ring or one key. Validated as chosen; the engine checks that the ring or key
 * exists and refuses duplicates, and its answer shows in the modal.
 */
import { RadioButton, RadioButtonGroup, Select, SelectItem, TextInput } from '@carbon/react';
import { useState } from 'react';
import type { Role } from '../../../domain/roles';
import type { AccessPolicy, ServiceInstance, User } from '../../../domain/types';
import { keyRingIdProblem } from '../../../domain/validation';
import { errorMessage } from '../../../client/error-message';
import { useGrantAccess } from '../api/grant-access';
import { ROLE_CHOICES, ROLE_HELP } from '../scope-label';
import { FormModal } from '../../../components/form-modal';

type ScopeKind = 'instance' | 'ring' | 'key';

interface GrantAccessModalProps {
  users: readonly User[];
  instances: readonly ServiceInstance[];
  initialUserId?: string | undefined;
  initialInstanceId?: string | undefined;
  onClose: () => void;
  onGranted: (policy: AccessPolicy) => void;
}

const capital = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

export function GrantAccessModal({
  users,
  instances,
  initialUserId,
  initialInstanceId,
  onClose,
  onGranted,
}: GrantAccessModalProps) {
  const [userId, setUserId] = useState(initialUserId ?? '');
  const [role, setRole] = useState<Role>('Reader');
  const [instanceId, setInstanceId] = useState(
    instances.some((i) => i.id === initialInstanceId)
      ? (initialInstanceId ?? '')
      : (instances[0]?.id ?? ''),
  );
  const [chosenScope, setScopeKind] = useState<ScopeKind>('instance');
  // Object storage has no rings or keys: its roles apply to the whole instance.
  const storage = instances.find((i) => i.id === instanceId)?.kind === 'cos';
  const scopeKind: ScopeKind = storage ? 'instance' : chosenScope;
  const [ring, setRing] = useState('');
  const [keyId, setKeyId] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const grant = useGrantAccess();

  const service = role !== 'Administrator';
  const userError = userId === '' ? 'Choose the user who gets the role.' : undefined;
  const instanceError =
    service && instanceId === '' ? 'Choose the instance the role applies to.' : undefined;
  const ringProblem = service && scopeKind === 'ring' ? keyRingIdProblem(ring) : undefined;
  const ringError = ringProblem ? `${capital(ringProblem)}.` : undefined;
  const keyError =
    service && scopeKind === 'key' && keyId.trim() === ''
      ? 'Enter the key’s id or alias.'
      : undefined;
  const problems = [userError, instanceError, ringError, keyError].filter(Boolean);
  const show = (error: string | undefined, touched: boolean) =>
    submitted || touched ? error : undefined;
  const failure = grant.error ? errorMessage(grant.error) : undefined;

  function submit() {
    setSubmitted(true);
    if (problems.length > 0) return;
    grant.mutate(
      {
        userId,
        role,
        scope: !service
          ? {}
          : {
              instanceId,
              ...(scopeKind === 'ring' ? { keyRingID: ring } : {}),
              ...(scopeKind === 'key' ? { keyId: keyId.trim() } : {}),
            },
      },
      { onSuccess: onGranted },
    );
  }

  return (
    <FormModal
      heading="Assign role"
      action="Assign role"
      pendingAction="Assigning…"
      pending={grant.isPending}
      failure={failure}
      onClose={onClose}
      onSubmit={submit}
      size="md"
      gap={6}
    >
      <Select
        id="grant-user"
        labelText="User"
        value={userId}
        invalid={show(userError, false) !== undefined}
        invalidText={userError}
        onChange={(e) => setUserId(e.target.value)}
      >
        <SelectItem value="" text="Choose a user" />
        {users.map((u) => (
          <SelectItem key={u.id} value={u.id} text={`${u.name} (${u.email})`} />
        ))}
      </Select>
      <Select
        id="grant-role"
        labelText="Role"
        value={role}
        helperText={ROLE_HELP[role]}
        onChange={(e) => setRole(e.target.value as Role)}
      >
        {ROLE_CHOICES.map((r) => (
          <SelectItem
            key={r}
            value={r}
            text={r === 'Administrator' ? 'Administrator (account)' : r}
          />
        ))}
      </Select>
      {service && (
        <>
          <Select
            id="grant-instance"
            labelText="Instance"
            value={instanceId}
            invalid={show(instanceError, false) !== undefined}
            invalidText={instanceError}
            onChange={(e) => setInstanceId(e.target.value)}
          >
            {instances.length === 0 && <SelectItem value="" text="No service instances" />}
            {instances.map((i) => (
              <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
            ))}
          </Select>
          {storage ? (
            <p className="kw-muted">
              Object storage roles apply to the whole instance: Reader reads buckets and objects,
              Writer also creates buckets and writes objects, Manager also deletes buckets.
            </p>
          ) : (
            <RadioButtonGroup
              legendText="Scope"
              name="grant-scope"
              orientation="vertical"
              valueSelected={scopeKind}
              onChange={(value) => setScopeKind(value as ScopeKind)}
            >
              <RadioButton
                id="grant-scope-instance"
                value="instance"
                labelText="The whole instance"
              />
              <RadioButton id="grant-scope-ring" value="ring" labelText="One key ring" />
              <RadioButton id="grant-scope-key" value="key" labelText="One key" />
            </RadioButtonGroup>
          )}
          {scopeKind === 'ring' && (
            <TextInput
              id="grant-ring"
              labelText="Key ring id"
              helperText="The ring must exist in the instance, e.g. default."
              value={ring}
              invalid={show(ringError, ring.length > 0) !== undefined}
              invalidText={ringError}
              onChange={(e) => setRing(e.target.value)}
            />
          )}
          {scopeKind === 'key' && (
            <TextInput
              id="grant-key"
              labelText="Key id or alias"
              helperText="The key must be in the instance."
              value={keyId}
              invalid={show(keyError, false) !== undefined}
              invalidText={keyError}
              onChange={(e) => setKeyId(e.target.value)}
            />
          )}
        </>
      )}
    </FormModal>
  );
}
