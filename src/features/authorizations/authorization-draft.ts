/**
 * The service-authorization wizard's choices, step by step, and what is missing on each: pure, so
 * the wizard's validation is tested without a page (authorization-draft.test.ts).
 */
import type { CreateAuthorizationRequest } from '../../domain/api';
import type { ServiceAuthorization } from '../../domain/types';
import { keyRingIdProblem } from '../../domain/validation';

export type TargetKind = 'kms' | 'hpcs';
export type ScopeKind = 'all' | 'ring' | 'key';

export interface Choices {
  sourceInstanceId: string;
  targetKind: TargetKind;
  targetInstanceId: string;
  scopeKind: ScopeKind;
  ring: string;
  key: string;
  /** The only role a service authorization grants; chosen from the start, explained on its step. */
  role: 'Reader';
}

export const STEPS = ['Source', 'Target and scope', 'Role', 'Review'] as const;

export const INITIAL: Choices = {
  sourceInstanceId: '',
  targetKind: 'kms',
  targetInstanceId: '',
  scopeKind: 'all',
  ring: '',
  key: '',
  role: 'Reader',
};

export type Problems = Partial<Record<keyof Choices, string>>;

/** What is missing on each step, field by field (empty when the step is complete). */
export function problemsOf(step: number, c: Choices): Problems {
  if (step === 0)
    return c.sourceInstanceId === ''
      ? { sourceInstanceId: 'Choose the object storage instance that will use the keys.' }
      : {};
  if (step === 1) {
    const problems: Problems = {};
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

/** The keys the choices reach: the whole instance, one ring, or one key. */
export function scopeOf(c: Choices): Pick<ServiceAuthorization, 'keyRingID' | 'keyId'> {
  if (c.scopeKind === 'ring') return { keyRingID: c.ring };
  if (c.scopeKind === 'key') return { keyId: c.key.trim() };
  return {};
}

/** The authorization the choices ask the engine for. */
export function requestOf(c: Choices): CreateAuthorizationRequest {
  return {
    sourceInstanceId: c.sourceInstanceId,
    targetInstanceId: c.targetInstanceId,
    ...scopeOf(c),
    role: 'Reader',
  };
}
