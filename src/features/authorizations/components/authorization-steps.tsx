/**
 * The four steps of the service-authorization wizard, each showing the choices it owns and the
 * problems the wizard found on it (once the user tried to leave it).
 */
import {
  Button,
  InlineNotification,
  RadioButton,
  RadioButtonGroup,
  Select,
  SelectSkeleton,
  SelectItem,
  Stack,
  StructuredListBody,
  StructuredListCell,
  StructuredListRow,
  StructuredListWrapper,
  TextInput,
} from '@carbon/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Session } from '../../../domain/api';
import { INSTANCE_KIND_LABELS } from '../../../domain/access-validation';
import type { ServiceInstance } from '../../../domain/types';
import { errorMessage, type ErrorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import {
  scopeOf,
  type Choices,
  type Problems,
  type ScopeKind,
  type TargetKind,
} from '../authorization-draft';
import { READER_EXPLANATION, scopeText } from '../describe';

interface StepProps {
  choices: Choices;
  shown: Problems;
  set: (patch: Partial<Choices>) => void;
}

function InstanceSelect({
  id,
  label,
  value,
  options,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: ServiceInstance[];
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  return (
    <Select
      id={id}
      labelText={label}
      value={value}
      invalid={error !== undefined}
      invalidText={error}
      onChange={(e) => onChange(e.target.value)}
    >
      <SelectItem value="" text="Choose an instance" />
      {options.map((i) => (
        <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
      ))}
    </Select>
  );
}

export function SourceStep({
  choices,
  shown,
  set,
  session,
}: StepProps & { session: UseQueryResult<Session> }) {
  const sources = (session.data?.instances ?? []).filter((i) => i.kind === 'cos');
  return (
    <Stack gap={6}>
      <RadioButtonGroup
        legendText="Source service"
        name="source-service"
        valueSelected="cos"
        helperText="Only object storage uses other services’ keys (for its buckets)."
      >
        <RadioButton
          id="source-service-cos"
          value="cos"
          labelText={`${INSTANCE_KIND_LABELS.cos} (cos)`}
        />
      </RadioButtonGroup>
      {!session.data && session.isError ? (
        <FailureNotice failure={errorMessage(session.error)} />
      ) : !session.data ? (
        <SelectSkeleton />
      ) : sources.length === 0 ? (
        <InlineNotification
          kind="warning"
          title="No object storage instances"
          subtitle="Create one on the Resources page first."
          hideCloseButton
          lowContrast
        />
      ) : (
        <InstanceSelect
          id="source-instance"
          label="Source instance"
          value={choices.sourceInstanceId}
          options={sources}
          error={shown.sourceInstanceId}
          onChange={(v) => set({ sourceInstanceId: v })}
        />
      )}
    </Stack>
  );
}

export function TargetStep({
  choices,
  shown,
  set,
  instances,
}: StepProps & { instances: ServiceInstance[] }) {
  const targets = instances.filter((i) => i.kind === choices.targetKind);
  return (
    <Stack gap={6}>
      <RadioButtonGroup
        legendText="Target service"
        name="target-service"
        valueSelected={choices.targetKind}
        onChange={(value) => {
          const kind = value as TargetKind;
          const keep = instances.some((i) => i.id === choices.targetInstanceId && i.kind === kind);
          set({ targetKind: kind, ...(keep ? {} : { targetInstanceId: '' }) });
        }}
      >
        <RadioButton
          id="target-service-kms"
          value="kms"
          labelText={`${INSTANCE_KIND_LABELS.kms} (kms)`}
        />
        <RadioButton
          id="target-service-hpcs"
          value="hpcs"
          labelText={`${INSTANCE_KIND_LABELS.hpcs} (hpcs)`}
        />
      </RadioButtonGroup>
      {choices.targetKind === 'hpcs' && (
        <p className="kw-muted">
          A Hyper Protect Crypto Services instance holds no keys until its master key is loaded; the
          authorization takes effect for keys it holds later.
        </p>
      )}
      {targets.length === 0 ? (
        <InlineNotification
          kind="warning"
          title={`No ${INSTANCE_KIND_LABELS[choices.targetKind]} instances`}
          subtitle="Choose the other service, or create an instance on the Resources page."
          hideCloseButton
          lowContrast
        />
      ) : (
        <InstanceSelect
          id="target-instance"
          label="Target instance"
          value={choices.targetInstanceId}
          options={targets}
          error={shown.targetInstanceId}
          onChange={(v) => set({ targetInstanceId: v })}
        />
      )}
      <RadioButtonGroup
        legendText="Scope: which keys"
        name="target-scope"
        orientation="vertical"
        valueSelected={choices.scopeKind}
        onChange={(value) => set({ scopeKind: value as ScopeKind })}
      >
        <RadioButton id="scope-all" value="all" labelText="All keys of the instance" />
        <RadioButton id="scope-ring" value="ring" labelText="The keys of one key ring" />
        <RadioButton id="scope-key" value="key" labelText="One key" />
      </RadioButtonGroup>
      {choices.scopeKind === 'ring' && (
        <TextInput
          id="scope-ring-id"
          labelText="Key ring id"
          helperText="2–100 letters, digits and “-”; the ring must exist in the target."
          value={choices.ring}
          invalid={shown.ring !== undefined}
          invalidText={shown.ring}
          onChange={(e) => set({ ring: e.target.value })}
        />
      )}
      {choices.scopeKind === 'key' && (
        <TextInput
          id="scope-key-id"
          labelText="Key id or alias"
          helperText="The key must be in the target instance."
          value={choices.key}
          invalid={shown.key !== undefined}
          invalidText={shown.key}
          onChange={(e) => set({ key: e.target.value })}
        />
      )}
    </Stack>
  );
}

export function RoleStep({ choices, set }: Omit<StepProps, 'shown'>) {
  return (
    <Stack gap={5}>
      <RadioButtonGroup
        legendText="Role"
        name="authorization-role"
        orientation="vertical"
        valueSelected={choices.role}
        helperText="Reader is the only role a service authorization grants."
        onChange={() => set({ role: 'Reader' })}
      >
        <RadioButton id="role-reader" value="Reader" labelText="Reader" />
      </RadioButtonGroup>
      <p className="kw-role-explanation">{READER_EXPLANATION}</p>
    </Stack>
  );
}

export function ReviewStep({
  choices,
  name,
  duplicateOf,
  duplicateMessage,
  failure,
  onChangeTarget,
}: {
  choices: Choices;
  name: (instanceId: string) => string;
  /** The existing authorization the engine refused a duplicate of. */
  duplicateOf: string | undefined;
  duplicateMessage: string | undefined;
  failure: ErrorMessage | undefined;
  onChangeTarget: () => void;
}) {
  return (
    <Stack gap={6}>
      <StructuredListWrapper aria-label="Review the authorization" isCondensed>
        <StructuredListBody>
          {[
            ['Source', `${name(choices.sourceInstanceId)} (${INSTANCE_KIND_LABELS.cos})`],
            [
              'Target',
              `${name(choices.targetInstanceId)} (${INSTANCE_KIND_LABELS[choices.targetKind]})`,
            ],
            ['Scope', scopeText(scopeOf(choices))],
            ['Role', 'Reader'],
          ].map(([label, value]) => (
            <StructuredListRow key={label}>
              <StructuredListCell noWrap>{label}</StructuredListCell>
              <StructuredListCell className="kw-break">{value}</StructuredListCell>
            </StructuredListRow>
          ))}
        </StructuredListBody>
      </StructuredListWrapper>
      {duplicateOf && (
        // The link sits beside the notification: a status region holds no controls.
        <div>
          <InlineNotification
            kind="error"
            title="Already authorized"
            subtitle={duplicateMessage}
            hideCloseButton
            lowContrast
          />
          <Link to={`/authorizations?highlight=${duplicateOf}`} className="cds--link">
            View the existing authorization
          </Link>
        </div>
      )}
      {failure && (
        <div>
          <FailureNotice failure={failure} />
          <Button kind="ghost" size="sm" onClick={onChangeTarget}>
            Change target and scope
          </Button>
        </div>
      )}
    </Stack>
  );
}
