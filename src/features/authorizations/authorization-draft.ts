/**
 * The service-authorization wizard's choices, its steps, what is missing on each, and the words
 * the review uses: pure, so the wizard's validation is tested without a page
 * (authorization-draft.test.ts). A choice with only one possible answer is no step: the one
 * object storage instance and the one role (Reader) are facts the review states.
 */
import type { CreateAuthorizationRequest, ListKeysQuery } from '../../domain/api';
import { INSTANCE_KIND_LABELS } from '../../domain/access-validation';
import { STATE_LABELS, type KeyState } from '../../domain/key-state';
import type { Key, ServiceAuthorization, ServiceInstance } from '../../domain/types';

export type ScopeKind = 'all' | 'ring' | 'key';

/** A key as the key picker shows it and the review names it. */
export type KeyChoice = Pick<Key, 'id' | 'name' | 'aliases' | 'state'>;

export interface Choices {
  sourceInstanceId: string;
  targetInstanceId: string;
  scopeKind: ScopeKind;
  /** The chosen key ring's id ('' until one is picked). */
  ring: string;
  /** The chosen root key (null until one is picked). */
  key: KeyChoice | null;
}

export const INITIAL: Choices = {
  sourceInstanceId: '',
  targetInstanceId: '',
  scopeKind: 'all',
  ring: '',
  key: null,
};

/** The only role a service authorization grants. */
export const ROLE = 'Reader' as const;

export type StepId = 'source' | 'target' | 'review';
export const STEP_LABELS: Readonly<Record<StepId, string>> = {
  source: 'Source',
  target: 'Target and scope',
  review: 'Review',
};

export type Problems = Partial<
  Record<'sourceInstanceId' | 'targetInstanceId' | 'ring' | 'key', string>
>;

export const isSource = (i: ServiceInstance) => i.kind === 'cos';
export const isTarget = (i: ServiceInstance) => i.kind === 'kms' || i.kind === 'hpcs';

/**
 * The wizard's steps for these instances: choosing the source is a step only when there is more
 * than one object storage instance to choose from (none: the step says so).
 */
export function stepsOf(instances: readonly ServiceInstance[]): StepId[] {
  return instances.filter(isSource).length === 1
    ? ['target', 'review']
    : ['source', 'target', 'review'];
}

/** The choices with what has only one answer filled in: the only object storage instance. */
export function withFacts(c: Choices, instances: readonly ServiceInstance[]): Choices {
  const sources = instances.filter(isSource);
  const only = sources.length === 1 ? sources[0] : undefined;
  return only ? { ...c, sourceInstanceId: only.id } : c;
}

/** What is missing on a step, field by field (empty when the step is complete). */
export function problemsOf(step: StepId, c: Choices): Problems {
  if (step === 'source')
    return c.sourceInstanceId === ''
      ? { sourceInstanceId: 'Choose the object storage instance that will use the keys.' }
      : {};
  if (step === 'target') {
    const problems: Problems = {};
    if (c.targetInstanceId === '')
      problems.targetInstanceId = 'Choose the instance whose keys it may use.';
    else if (c.scopeKind === 'ring' && c.ring === '')
      problems.ring = 'Choose the key ring whose keys it may use.';
    else if (c.scopeKind === 'key' && c.key === null)
      problems.key = 'Choose the root key it may use.';
    return problems;
  }
  return {};
}

/** The keys the choices reach: the whole instance, one ring, or one key (by id). */
export function scopeOf(c: Choices): Pick<ServiceAuthorization, 'keyRingID' | 'keyId'> {
  if (c.scopeKind === 'ring') return { keyRingID: c.ring };
  if (c.scopeKind === 'key' && c.key) return { keyId: c.key.id };
  return {};
}

/** The authorization the choices ask the engine for. */
export function requestOf(c: Choices): CreateAuthorizationRequest {
  return {
    sourceInstanceId: c.sourceInstanceId,
    targetInstanceId: c.targetInstanceId,
    ...scopeOf(c),
    role: ROLE,
  };
}

/** How a key reads in the picker and the review: name, its aliases, its state. */
export function keyChoiceText(k: KeyChoice): string {
  const aliases = k.aliases.length > 0 ? ` (alias ${k.aliases.join(', ')})` : '';
  return `${k.name}${aliases}, ${STATE_LABELS[k.state].toLowerCase()}`;
}

/** The states the key picker lists: all but deleted. */
export const PICKABLE_STATES: KeyState[] = [1, 2, 3];
export const KEY_PICKER_LIMIT = 50;

/** The engine's key search for the picker: root keys of the target matching name or alias. */
export function keySearchQuery(text: string): ListKeysQuery {
  const search = text.trim();
  return {
    extractable: false,
    state: PICKABLE_STATES,
    sort: 'name',
    limit: KEY_PICKER_LIMIT,
    ...(search ? { search } : {}),
  };
}

/** "instance X" with its service, as the review's sentence names an instance. */
function named(id: string, instances: readonly ServiceInstance[]): string {
  const i = instances.find((x) => x.id === id);
  return i ? `${INSTANCE_KIND_LABELS[i.kind]} instance "${i.name}"` : `instance ${id}`;
}

/** In words, what the authorization will allow. */
export function allowanceText(c: Choices, instances: readonly ServiceInstance[]): string {
  const source = named(c.sourceInstanceId, instances);
  const target = named(c.targetInstanceId, instances);
  const keys =
    c.scopeKind === 'ring'
      ? `the root keys in key ring "${c.ring}" of ${target}`
      : c.scopeKind === 'key' && c.key
        ? `the root key "${c.key.name}" of ${target}`
        : `every root key of ${target}`;
  return `${source} may wrap and unwrap its data encryption keys with ${keys}. It may not create, change or delete keys.`;
}
