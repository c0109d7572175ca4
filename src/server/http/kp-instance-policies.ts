/**
 * Key Protect's instance policies on the wire (`GET`/`PUT /api/v2/instance/policies`): each
 * policy a resource `{ policy_type, policy_data: { enabled, attributes? }, createdBy,
 * creationDate, updatedBy, lastUpdated }`; the PUT's envelope checked as Key Protect documents
 * (collectionTotal, one resource per `?policy=`, each policy once, no extra fields). The values
 * themselves are the engine's to check.
 */
import type { Hono } from 'hono';
import type { InstancePoliciesUpdate, KeywardApi } from '../../domain/api';
import {
  INSTANCE_POLICY_TYPES,
  type InstancePolicies,
  type InstancePolicyType,
} from '../../domain/types';
import { callContext, stringQuery, type KpContext, type ServerEnv } from './context';
import { COLLECTION, envelope, HttpError, readJson } from './kp-body';

/** Attributes Key Protect answers even while the policy is disabled. */
const ALWAYS_WITH_ATTRIBUTES: readonly InstancePolicyType[] = ['allowedNetwork'];

function resourceOf(type: InstancePolicyType, policies: InstancePolicies): object {
  const policy = policies[type];
  const { enabled, createdBy, creationDate, updatedBy, lastUpdated } = policy;
  const attributes = 'attributes' in policy ? policy.attributes : undefined;
  const showAttributes = attributes && (enabled || ALWAYS_WITH_ATTRIBUTES.includes(type));
  return {
    ...(createdBy ? { createdBy } : {}),
    ...(creationDate ? { creationDate } : {}),
    ...(updatedBy ? { updatedBy } : {}),
    ...(lastUpdated ? { lastUpdated } : {}),
    policy_type: type,
    policy_data: { enabled, ...(showAttributes ? { attributes } : {}) },
  };
}

function policyQuery(c: KpContext): InstancePolicyType | undefined {
  const only = stringQuery(c, 'policy', 40);
  if (only !== undefined && !INSTANCE_POLICY_TYPES.includes(only as InstancePolicyType))
    throw new HttpError(
      'INVALID_QUERY_PARAM_ERR',
      `policy must be one of ${INSTANCE_POLICY_TYPES.join(', ')}`,
    );
  return only as InstancePolicyType | undefined;
}

/**
 * One request resource → its policy type and data. Takes Key Protect's `policy_type` +
 * `policy_data`, and the older form its docs still show (`{ type, dualAuthDelete: {...} }`).
 */
function readResource(item: unknown, index: number): [InstancePolicyType, unknown] {
  const at = `resources[${index}]`;
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new HttpError('BAD_BODY_ERR', `${at} must be a JSON object`);
  const { type: _type, ...r } = item as Record<string, unknown>;
  const legacy = Object.keys(r).filter((k) => INSTANCE_POLICY_TYPES.includes(k as never));
  if (r.policy_type === undefined && legacy.length === 1 && Object.keys(r).length === 1)
    return [legacy[0] as InstancePolicyType, r[legacy[0]!]];
  const extra = Object.keys(r).filter((k) => k !== 'policy_type' && k !== 'policy_data');
  if (extra.length > 0)
    throw new HttpError('BAD_BODY_ERR', `${at}: unknown field ${extra.join(', ')}`);
  if (!INSTANCE_POLICY_TYPES.includes(r.policy_type as InstancePolicyType))
    throw new HttpError(
      'BAD_BODY_ERR',
      `${at}.policy_type must be one of ${INSTANCE_POLICY_TYPES.join(', ')}`,
    );
  if (r.policy_data === undefined)
    throw new HttpError('BAD_BODY_ERR', `${at}.policy_data is required: { enabled, attributes? }`);
  return [r.policy_type as InstancePolicyType, r.policy_data];
}

/** A PUT body → the engine's update, the envelope checked the way Key Protect checks it. */
export function instancePoliciesUpdate(
  body: unknown,
  only: InstancePolicyType | undefined,
): InstancePoliciesUpdate {
  const { metadata, resources } = (body ?? {}) as { metadata?: unknown; resources?: unknown };
  if (!Array.isArray(resources) || resources.length === 0)
    throw new HttpError('BAD_BODY_ERR', 'resources must list the instance policies to set');
  const total = (metadata as { collectionTotal?: unknown } | undefined)?.collectionTotal;
  if (total !== undefined && total !== resources.length)
    throw new HttpError(
      'COLLECTION_TOTAL_MISMATCH_ERR',
      `Collection total does not match number of resources: metadata.collectionTotal is ${String(total)}, resources has ${resources.length}`,
    );
  const read = resources.map(readResource);
  if (only !== undefined) {
    if (read.length > 1)
      throw new HttpError(
        'NUM_COLLECTION_RESOURCE_ERR',
        `Only a single instance policy may be created per query parameter: send one resource with ?policy=${only}, or leave out ?policy to set several`,
      );
    if (read[0]![0] !== only)
      throw new HttpError(
        'BODY_QUERY_PARAM_MISMATCH_ERR',
        `Data in body does not match data required by query parameter: ?policy=${only}, but resources[0].policy_type is ${read[0]![0]}`,
      );
  }
  const update: Record<string, unknown> = {};
  for (const [type, data] of read) {
    if (type in update)
      throw new HttpError(
        'NUM_COLLECTION_RESOURCE_ERR',
        `The ${type} policy is given more than once: each policy may appear once`,
      );
    update[type] = data;
  }
  return update as InstancePoliciesUpdate;
}

export function mountInstancePolicyRoutes(app: Hono<ServerEnv>, engine: KeywardApi): void {
  app.get('/api/v2/instance/policies', async (c) => {
    const ctx = callContext(c);
    const only = policyQuery(c);
    const policies = await engine.getInstancePolicies(ctx);
    const types = only ? [only] : INSTANCE_POLICY_TYPES;
    return c.json(
      envelope(
        COLLECTION.policy,
        types.map((t) => resourceOf(t, policies)),
      ),
    );
  });

  app.put('/api/v2/instance/policies', async (c) => {
    const ctx = callContext(c);
    const only = policyQuery(c);
    const update = instancePoliciesUpdate(await readJson(c), only);
    await engine.putInstancePolicies(ctx, update);
    return c.body(null, 204);
  });
}
