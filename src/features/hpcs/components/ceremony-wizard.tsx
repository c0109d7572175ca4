/**
 * The master key ceremony (SPEC section 11) as a Carbon progress indicator over its steps:
 * administrators, thresholds, parts, load, commit, activate (or rotate, once a key is active).
 */
import { ProgressIndicator, ProgressStep } from '@carbon/react';
import { useNarrowScreen } from '../../../components/use-narrow-screen';
import { AdministratorsStep } from './administrators-step';
import { CEREMONY_STEPS, currentStep, finalAction, whoActs } from './ceremony-steps';
import type { StepProps } from './ceremony-ui';
import { LoadStep } from './load-step';
import { PartStep } from './part-step';
import { SignedStep } from './signed-step';
import { ThresholdsStep } from './thresholds-step';

/** The ceremony as a wizard: the progress indicator, and the step that is due with who acts. */
export function CeremonyWizard(props: StepProps) {
  const { state } = props;
  const step = currentStep(state);
  // Six steps do not fit across a narrow screen: there they stand one under the other.
  const narrow = useNarrowScreen();
  return (
    <section aria-labelledby="hpcs-ceremony" className="kw-hpcs-section">
      <h2 id="hpcs-ceremony" className="kw-section-title">
        Master key ceremony
      </h2>
      <ProgressIndicator
        currentIndex={Math.min(step, CEREMONY_STEPS.length - 1)}
        spaceEqually={!narrow}
        vertical={narrow}
      >
        {CEREMONY_STEPS.map((label, i) => (
          <ProgressStep
            key={label}
            label={
              i === CEREMONY_STEPS.length - 1 && finalAction(state) === 'rotate' ? 'Rotate' : label
            }
            complete={i < step}
            current={i === step}
            description={`Step ${i + 1} of ${CEREMONY_STEPS.length}: ${label}`}
          />
        ))}
      </ProgressIndicator>
      {step < CEREMONY_STEPS.length ? (
        <div className="kw-wizard-step" data-testid="ceremony-step">
          <h3 className="kw-section-title">
            {step + 1}. {CEREMONY_STEPS[step]}
          </h3>
          <p>{whoActs(state, step)}</p>
          {step === 0 && <AdministratorsStep {...props} />}
          {step === 1 && (
            <>
              <ThresholdsStep {...props} />
              <h4 className="kw-section-title">Add another administrator</h4>
              <AdministratorsStep {...props} />
            </>
          )}
          {step === 2 && (
            <>
              <PartStep {...props} />
              <h4 className="kw-section-title">{CEREMONY_STEPS[3]}</h4>
              <p>{whoActs(state, 3)}</p>
              <LoadStep {...props} />
            </>
          )}
          {step === 4 && (
            <SignedStep {...props} kind="master-key.commit" label="Commit the new register" />
          )}
          {step === 5 && finalAction(state) === 'activate' && (
            <SignedStep {...props} kind="master-key.activate" label="Activate the master key" />
          )}
          {step === 5 && finalAction(state) === 'rotate' && (
            <p>The new master key is committed: rotate it in below (Zeroize, recover, rotate).</p>
          )}
        </div>
      ) : (
        <div className="kw-wizard-step" data-testid="ceremony-step">
          <p>The ceremony is complete: the master key is current on every crypto unit.</p>
          <h3 className="kw-section-title">Rotate the master key: new parts</h3>
          {<PartStep {...props} />}
          <h3 className="kw-section-title">Load the new parts</h3>
          {<LoadStep {...props} />}
        </div>
      )}
    </section>
  );
}
