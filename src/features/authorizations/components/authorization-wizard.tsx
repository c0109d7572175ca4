/**
 * The service-authorization wizard (SPEC section 9), at /authorizations/new: the source object
 * storage instance (a step only when there is more than one), the target instance and which of
 * its keys (picked from its rings and keys, not typed), then a review that says in words what
 * will be allowed, and Authorize. Going back and forth keeps every choice; a step that is not
 * complete says what is missing when the user tries to leave it; the engine's refusal is shown
 * in the review, a duplicate with a link to the existing authorization.
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
import { requestOf, STEP_LABELS } from '../authorization-draft';
import { instanceLabel, scopeText } from '../describe';
import { ReviewStep } from './review-step';
import { TargetStep } from './scope-pickers';
import { SourceStep } from './source-step';
import { useWizard } from './use-wizard';
import '../authorizations.scss';

export function Component() {
  const navigate = useNavigate();
  const notify = useNotify();
  const session = useQuery(sessionQuery());
  const admin = useAdministrator();
  const create = useCreateAuthorization();
  const instances = session.data?.instances ?? [];
  const wizard = useWizard(instances, create.reset);
  const { steps, index, step, choices, set, shown } = wizard;

  function authorize() {
    create.mutate(requestOf(choices), {
      onSuccess: (created) => {
        notify({
          kind: 'success',
          title: 'Authorization created',
          subtitle: `${instanceLabel(created.sourceInstanceId, instances)} may use ${scopeText(created).toLowerCase()} of ${instanceLabel(created.targetInstanceId, instances)}.`,
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
  const last = index === steps.length - 1;

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
        currentIndex={index}
        spaceEqually
        className="kw-wizard-progress"
        onChange={(i: number) => {
          const id = steps[i];
          if (i < index && id) wizard.goTo(id);
        }}
      >
        {steps.map((id, i) => (
          <ProgressStep
            key={id}
            label={STEP_LABELS[id]}
            complete={i < index}
            current={i === index}
            invalid={i !== index && wizard.stepInvalid(id)}
            secondaryLabel={i < index ? 'Done' : undefined}
            description={`Step ${i + 1} of ${steps.length}: ${STEP_LABELS[id]}`}
          />
        ))}
      </ProgressIndicator>

      <section className="kw-wizard-step" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" className="kw-section-title">
          {index + 1}. {STEP_LABELS[step]}
        </h2>
        {step === 'source' && (
          <SourceStep choices={choices} shown={shown} set={set} session={session} />
        )}
        {step === 'target' && !steps.includes('source') && (
          <p className="kw-muted kw-wizard-fact">
            For {instanceLabel(choices.sourceInstanceId, instances)}, the only object storage
            instance.
          </p>
        )}
        {step === 'target' && (
          <TargetStep choices={choices} shown={shown} set={set} instances={instances} />
        )}
        {step === 'review' && (
          <ReviewStep
            choices={choices}
            instances={instances}
            duplicateOf={duplicateOf}
            duplicateMessage={duplicateOf ? (create.error as Error).message : undefined}
            failure={failure}
            onChangeTarget={() => wizard.goTo('target')}
          />
        )}
      </section>

      <div className="kw-wizard-buttons">
        <Button kind="ghost" onClick={() => void navigate('/authorizations')}>
          Cancel
        </Button>
        <Button kind="secondary" disabled={index === 0} onClick={wizard.back}>
          Back
        </Button>
        {!last ? (
          <Button kind="primary" disabled={!session.data} onClick={wizard.next}>
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
