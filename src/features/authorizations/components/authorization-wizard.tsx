/**
 * The service-authorization wizard (SPEC section 9), at /authorizations/new: 1) source service and
 * instance, 2) target service, instance and scope, 3) role, with what it allows, 4) review, then
 * authorize. Going back and forth keeps every choice; a step that is not complete says what is
 * missing when the user tries to leave it; a duplicate is refused with a link to the existing one.
 */
import {
  Button,
  InlineNotification,
  ProgressIndicator,
  ProgressStep,
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
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { INSTANCE_KIND_LABELS } from '../../../domain/access-validation';
import { EngineError } from '../../../domain/errors';
import type { ServiceInstance } from '../../../domain/types';
import { keyRingIdProblem } from '../../../domain/validation';
import { useAdministrator } from '../../../client/administrator';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery } from '../../../client/session-query';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useCreateAuthorization } from '../api/create-authorization';
import { READER_EXPLANATION, scopeText } from '../describe';

type TargetKind = 'kms' | 'hpcs';
type ScopeKind = 'all' | 'ring' | 'key';

interface Choices {
  sourceInstanceId: string;
  targetKind: TargetKind;
  targetInstanceId: string;
  scopeKind: ScopeKind;
  ring: string;
  key: string;
  /** The only role a service authorization grants; chosen from the start, explained on its step. */
  role: 'Reader';
}

const STEPS = ['Source', 'Target and scope', 'Role', 'Review'] as const;

const INITIAL: Choices = {
  sourceInstanceId: '',
  targetKind: 'kms',
  targetInstanceId: '',
  scopeKind: 'all',
  ring: '',
  key: '',
  role: 'Reader',
};

/** What is missing on each step, field by field (empty when the step is complete). */
function problemsOf(step: number, c: Choices): Partial<Record<keyof Choices, string>> {
  if (step === 0)
    return c.sourceInstanceId === ''
      ? { sourceInstanceId: 'Choose the object storage instance that will use the keys.' }
      : {};
  if (step === 1) {
    const problems: Partial<Record<keyof Choices, string>> = {};
    if (c.targetInstanceId === '')
      problems.targetInstanceId = 'Choose the instance whose keys it may use.';
    if (c.scopeKind === 'ring') {
      const p = keyRingIdProblem(c.ring);
      if (p) problems.ring = `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}.`;
    }
    if (c.scopeKind === 'key' && c.key.trim() === '')
      problems.key = 'Enter the id or alias of the key.';
    return problems;
  }
  return {};
}

export function Component() {
  const navigate = useNavigate();
  const notify = useNotify();
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const create = useCreateAuthorization();
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<Choices>(INITIAL);
  const [tried, setTried] = useState<ReadonlySet<number>>(new Set());
  const instances = session.data?.instances ?? [];
  const sources = instances.filter((i) => i.kind === 'cos');
  const targets = instances.filter((i) => i.kind === choices.targetKind);
  const name = (id: string) => instances.find((i) => i.id === id)?.name ?? id;

  const set = (patch: Partial<Choices>) => {
    setChoices((c) => ({ ...c, ...patch }));
    create.reset();
  };
  const problems = problemsOf(step, choices);
  const shown = tried.has(step) ? problems : {};
  const stepInvalid = (i: number) => tried.has(i) && Object.keys(problemsOf(i, choices)).length > 0;

  function next() {
    setTried((t) => new Set(t).add(step));
    if (Object.keys(problems).length === 0) setStep((s) => Math.min(s + 1, STEPS.length - 1));
  }

  function authorize() {
    create.mutate(
      {
        sourceInstanceId: choices.sourceInstanceId,
        targetInstanceId: choices.targetInstanceId,
        ...(choices.scopeKind === 'ring' ? { keyRingID: choices.ring } : {}),
        ...(choices.scopeKind === 'key' ? { keyId: choices.key.trim() } : {}),
        role: 'Reader',
      },
      {
        onSuccess: (created) => {
          notify({
            kind: 'success',
            title: 'Authorization created',
            subtitle: `${name(created.sourceInstanceId)} may use ${scopeText(created).toLowerCase()} of ${name(created.targetInstanceId)}.`,
          });
          void navigate(`/authorizations?highlight=${created.id}&created=1`);
        },
      },
    );
  }

  const duplicateOf =
    create.error instanceof EngineError && create.error.code === 'AUTHORIZATION_EXISTS_ERR'
      ? create.error.reasons?.[0]
      : undefined;
  const failure = create.error && !duplicateOf ? errorMessage(create.error) : undefined;

  const instanceSelect = (
    id: string,
    label: string,
    value: string,
    options: ServiceInstance[],
    error: string | undefined,
    onChange: (v: string) => void,
  ) => (
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

  return (
    <>
      <h1 className="kw-page-title">Create service authorization</h1>
      {admin.permission && !admin.permission.allowed && (
        <InlineNotification
          kind="info"
          title="Administrators only"
          subtitle={admin.permission.reason ?? ''}
          hideCloseButton
          lowContrast
        />
      )}
      <ProgressIndicator
        currentIndex={step}
        spaceEqually
        className="kw-wizard-progress"
        onChange={(index: number) => {
          if (index < step) setStep(index);
        }}
      >
        {STEPS.map((label, i) => (
          <ProgressStep
            key={label}
            label={label}
            complete={i < step}
            current={i === step}
            invalid={i !== step && stepInvalid(i)}
            secondaryLabel={i < step ? 'Done' : undefined}
            description={`Step ${i + 1} of ${STEPS.length}: ${label}`}
          />
        ))}
      </ProgressIndicator>

      <section className="kw-wizard-step" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" className="kw-section-title">
          {step + 1}. {STEPS[step]}
        </h2>
        {step === 0 && (
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
              instanceSelect(
                'source-instance',
                'Source instance',
                choices.sourceInstanceId,
                sources,
                shown.sourceInstanceId,
                (v) => set({ sourceInstanceId: v }),
              )
            )}
          </Stack>
        )}
        {step === 1 && (
          <Stack gap={6}>
            <RadioButtonGroup
              legendText="Target service"
              name="target-service"
              valueSelected={choices.targetKind}
              onChange={(value) => {
                const kind = value as TargetKind;
                const keep = instances.some(
                  (i) => i.id === choices.targetInstanceId && i.kind === kind,
                );
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
                A Hyper Protect Crypto Services instance holds no keys until its master key is
                loaded; the authorization takes effect for keys it holds later.
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
              instanceSelect(
                'target-instance',
                'Target instance',
                choices.targetInstanceId,
                targets,
                shown.targetInstanceId,
                (v) => set({ targetInstanceId: v }),
              )
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
        )}
        {step === 2 && (
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
        )}
        {step === 3 && (
          <Stack gap={6}>
            <StructuredListWrapper aria-label="Review the authorization" isCondensed>
              <StructuredListBody>
                {[
                  ['Source', `${name(choices.sourceInstanceId)} (${INSTANCE_KIND_LABELS.cos})`],
                  [
                    'Target',
                    `${name(choices.targetInstanceId)} (${INSTANCE_KIND_LABELS[choices.targetKind]})`,
                  ],
                  [
                    'Scope',
                    scopeText(
                      choices.scopeKind === 'ring'
                        ? { keyRingID: choices.ring }
                        : choices.scopeKind === 'key'
                          ? { keyId: choices.key.trim() }
                          : {},
                    ),
                  ],
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
                  subtitle={(create.error as Error).message}
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
                <Button kind="ghost" size="sm" onClick={() => setStep(1)}>
                  Change target and scope
                </Button>
              </div>
            )}
          </Stack>
        )}
      </section>

      <div className="kw-wizard-buttons">
        <Button kind="ghost" onClick={() => void navigate('/authorizations')}>
          Cancel
        </Button>
        <Button kind="secondary" disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
          Back
        </Button>
        {step < STEPS.length - 1 ? (
          <Button kind="primary" onClick={next}>
            Next
          </Button>
        ) : (
          <GatedButton
            permission={admin.permission}
            error={admin.error}
            kind="primary"
            disabled={create.isPending}
            onClick={authorize}
          >
            {create.isPending ? 'Authorizing…' : 'Authorize'}
          </GatedButton>
        )}
      </div>
    </>
  );
}
