/**
 * The create-key form's optional expiration: what the date field holds, what is wrong with it in
 * the engine's own rule (futureDateProblem), and a reset. The field keeps its own text while that
 * text is wrong, so it is given its last whole value, and a reset remounts it.
 */
import { useState } from 'react';
import type { Combined } from '../../../components/date-time-parts';
import { futureDateProblem } from '../../../domain/validation';

const NO_EXPIRATION: Combined = { iso: '' };

/** The field's text it could not read, or a moment not after the engine's now. */
function expirationProblem(expiration: Combined, now: number): string | undefined {
  if (expiration.problem !== undefined) return 'Expiration date: fix the date or time below it.';
  if (expiration.iso === '') return undefined;
  const problem = futureDateProblem(expiration.iso, now);
  if (problem === undefined) return undefined;
  return problem.reason === 'not-in-the-future'
    ? `Expiration date must be in the future (the engine's clock says ${new Date(now).toLocaleString()}). Pick a later date or time, or clear it.`
    : `Expiration date: ${problem.text}.`;
}

export function useExpirationField(engineNow: number) {
  const [expiration, setExpiration] = useState<Combined>(NO_EXPIRATION);
  const [lastWhole, setLastWhole] = useState('');
  const [resets, setResets] = useState(0);
  const error = expirationProblem(expiration, engineNow);
  return {
    /** The expiration to send: an ISO instant, or '' for none. */
    iso: expiration.iso ?? '',
    error,
    /** The DateTimeField's React key: a reset remounts it. */
    fieldKey: resets,
    /** Props for the DateTimeField (its own unreadable-text message wins over `error`). */
    field: {
      value: lastWhole,
      onChange: (next: Combined) => {
        setExpiration(next);
        if (next.iso !== undefined) setLastWhole(next.iso);
      },
      invalidText: expiration.problem === undefined ? error : undefined,
    },
    reset: () => {
      setExpiration(NO_EXPIRATION);
      setLastWhole('');
      setResets((n) => n + 1);
    },
  };
}
