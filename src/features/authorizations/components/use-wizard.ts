/**
 * The authorization wizard's state: the current step, the choices (kept when going back and
 * forth), and which steps the user tried to leave, whose problems are then shown.
 */
import { useState } from 'react';
import { INITIAL, problemsOf, STEPS, type Choices } from '../authorization-draft';

/** `onChange` runs on every change of a choice (the wizard forgets a refused attempt). */
export function useWizard(onChange: () => void) {
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<Choices>(INITIAL);
  const [tried, setTried] = useState<ReadonlySet<number>>(new Set());

  const set = (patch: Partial<Choices>) => {
    setChoices((c) => ({ ...c, ...patch }));
    onChange();
  };
  const problems = problemsOf(step, choices);
  const shown = tried.has(step) ? problems : {};
  const stepInvalid = (i: number) => tried.has(i) && Object.keys(problemsOf(i, choices)).length > 0;

  function next() {
    setTried((t) => new Set(t).add(step));
    if (Object.keys(problems).length === 0) setStep((s) => Math.min(s + 1, STEPS.length - 1));
  }

  return { step, setStep, choices, set, shown, stepInvalid, next };
}
