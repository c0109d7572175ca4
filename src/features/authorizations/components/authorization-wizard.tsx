/**
 * The service-authorization wizard (SPEC section 9), at /authorizations/new: 1) source service and
 * instance, 2) target service, instance and scope, 3) role, with what it allows, 4) review, then
 * authorize. Going back and forth keeps every choice; a step that is not complete says what is
 * missing when the user tries to leave it; a duplicate is refused with a link to the existing one.
 */
import { Button, InlineNotification, ProgressIndicator, ProgressStep } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { EngineError } from '../../../domain/errors';
import { useAdministrator } from '../../../client/administrator';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery } from '../../../client/session-query';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useCreateAuthorization } from '../api/create-authorization';
import { requestOf, STEPS } from '../authorization-draft';
import { scopeText } from '../describe';
import { ReviewStep, RoleStep, SourceStep, TargetStep } from './authorization-steps';
import { useWizard } from './use-wizard';

export function Component() {
  const navigate = useNavigate();
  const notify = useNotify();
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const create = useCreateAuthorization();
  const { step, setStep, choices, set, shown, stepInvalid, next } = useWizard(create.reset);
  const instances = session.data?.instances ?? [];
  const name = (id: string) => instances.find((i) => i.id === id)?.name ?? id;

  function authorize() {
    create.mutate(requestOf(choices), {
      onSuccess: (created) => {
        notify({
          kind: 'success',
          title: 'Authorization created',
          subtitle: `${name(created.sourceInstanceId)} may use ${scopeText(created).toLowerCase()} of ${name(created.targetInstanceId)}.`,
        });
        void navigate(`/authorizations?highlight=${created.id}&created=1`);
      },
    });
  }

  const duplicateOf =
    create.error instanceof EngineError && create.error.code === 'AUTHORIZATION_EXISTS_ERR'
      ? create.error.reasons?.[0]
      : undefined;
  const failure = create.error && !duplicateOf ? errorMessage(create.error) : undefined;

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
        {step === 0 && <SourceStep choices={choices} shown={shown} set={set} session={session} />}
        {step === 1 && (
          <TargetStep choices={choices} shown={shown} set={set} instances={instances} />
        )}
        {step === 2 && <RoleStep choices={choices} set={set} />}
        {step === 3 && (
          <ReviewStep
            choices={choices}
            name={name}
            duplicateOf={duplicateOf}
            duplicateMessage={duplicateOf ? (create.error as Error).message : undefined}
            failure={failure}
            onChangeTarget={() => setStep(1)}
          />
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
