/**
 * Whether a page hides routine reads (domain/routine-reads.ts), kept in its URL: hidden unless
 * the URL says `reads=all`, so the default view of the audit trail is what was done.
 */

/** URL parameter, and its value, that shows routine reads. */
export const ROUTINE_PARAM = 'reads';
export const ROUTINE_SHOWN = 'all';

export function hidesRoutineReads(params: URLSearchParams): boolean {
  return params.get(ROUTINE_PARAM) !== ROUTINE_SHOWN;
}

/** `params` with routine reads hidden (the default: no parameter) or shown. */
export function withRoutineReads(params: URLSearchParams, hide: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  if (hide) next.delete(ROUTINE_PARAM);
  else next.set(ROUTINE_PARAM, ROUTINE_SHOWN);
  return next;
}
