/**
 * The authorization wizard's state: the steps (which depend on the instances: see `stepsOf`), the
 * current one, the choices (kept when going back and forth, with the facts that have one answer
 * filled in), and which steps the user tried to leave, whose problems are then shown.
 */
import { useState } from 'react';
import type { ServiceInstance } from '../../../domain/types';
import {
  INITIAL,
  problemsOf,
  stepsOf,
  withFacts,
  type Choices,
  type StepId,
} from '../authorization-draft';

/** `onChange` runs on every change of a choice (the wizard forgets a refused attempt). */
export function useWizard(instances: readonly ServiceInstance[], onChange: () => void) {
  const [index, setIndex] = useState(0);
  const [picked, setPicked] = useState<Choices>(INITIAL);
  const [tried, setTried] = useState<ReadonlySet<StepId>>(new Set());

  const steps = stepsOf(instances);
  const at = Math.min(index, steps.length - 1);
  const step = steps[at] ?? 'review';
  const choices = withFacts(picked, instances);

  const set = (patch: Partial<Choices>) => {
    setPicked((c) => ({ ...c, ...patch }));
    onChange();
  };
  const problems = problemsOf(step, choices);
  const shown = tried.has(step) ? problems : {};
  const stepInvalid = (id: StepId) =>
    tried.has(id) && Object.keys(problemsOf(id, choices)).length > 0;

  function next() {
    setTried((t) => new Set(t).add(step));
    if (Object.keys(problems).length === 0) setIndex(Math.min(at + 1, steps.length - 1));
  }
  const goTo = (id: StepId) => {
    const i = steps.indexOf(id);
    if (i >= 0) setIndex(i);
  };
  const back = () => setIndex(Math.max(at - 1, 0));

  return { steps, index: at, step, choices, set, shown, stepInvalid, next, back, goTo };
}
