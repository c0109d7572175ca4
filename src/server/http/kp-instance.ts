/**
 * Key Protect's instance-level routes: key rings, the import token and instance policies.
 */
import type { Hono } from 'hono';
import type { InstancePoliciesUpdate, KeywardApi } from '../../domain/api';
import type { InstancePolicies } from '../../domain/types';
import { boolQuery, callContext, pageQuery, stringQuery, type ServerEnv } from './context';
import { COLLECTION, envelope, HttpError, readJson } from './kp-body';

const INSTANCE_POLICIES = ['dualAuthDelete', 'rotation', 'keyCreateImportAccess'] as const;
type InstancePolicyType = (typeof INSTANCE_POLICIES)[number];

function instancePolicyResources(policies: InstancePolicies): object[] {
  return [
    { policy_type: 'dualAuthDelete', policy_data: { enabled: policies.dualAuthDelete.enabled } },
    {
      policy_type: 'rotation',
      policy_data: {
        enabled: policies.rotation.enabled,
        attributes: { interval_month: policies.rotation.interval_month },
      },
    },
    {
      policy_type: 'keyCreateImportAccess',
      policy_data: { enabled: true, attributes: policies.keyCreateImportAccess },
    },
  ];
}

/** One Key Protect instance policy resource → the engine's update of that policy. */
function toUpdate(resource: unknown): InstancePoliciesUpdate {
  const r = (resource ?? {}) as { policy_type?: unknown; policy_data?: unknown };
  const type = r.policy_type as InstancePolicyType;
  if (!INSTANCE_POLICIES.includes(type))
    throw new HttpError(
      'BAD_BODY_ERR',
      `policy_type must be one of ${INSTANCE_POLICIES.join(', ')}`,
    );
  const data = (r.policy_data ?? {}) as { enabled?: unknown; attributes?: Record<string, unknown> };
  if (type === 'dualAuthDelete') return { dualAuthDelete: { enabled: data.enabled as boolean } };
  if (type === 'rotation')
    return {
      rotation: {
        enabled: data.enabled as boolean,
        ...(data.attributes?.interval_month !== undefined
          ? { interval_month: data.attributes.interval_month as number }
          : {}),
      },
    } as InstancePoliciesUpdate;
  return { keyCreateImportAccess: data.attributes ?? {} } as InstancePoliciesUpdate;
}

export function mountInstanceRoutes(app: Hono<ServerEnv>, engine: KeywardApi): void {
  app.get('/api/v2/key_rings', async (c) => {
    const ctx = callContext(c);
    const totalCount = boolQuery(c, 'totalCount');
    const { keyRings, total } = await engine.listKeyRings(ctx, pageQuery(c));
    const resources = keyRings.map((r) => ({
      id: r.id,
      creationDate: r.creationDate,
      createdBy: r.createdBy,
    }));
    return c.json(envelope(COLLECTION.keyRing, resources, totalCount ? { totalCount: total } : {}));
  });

  app.post('/api/v2/key_rings/:ring', async (c) => {
    await engine.createKeyRing(callContext(c), c.req.param('ring'));
    return c.body(null, 201);
  });

  app.delete('/api/v2/key_rings/:ring', async (c) => {
    const ctx = callContext(c);
    const force = boolQuery(c, 'force');
    await engine.deleteKeyRing(ctx, c.req.param('ring'), force ? { force } : {});
    return c.body(null, 204);
  });

  app.post('/api/v2/import_token', async (c) => {
    const ctx = callContext(c);
    const body = await readJson(c);
    return c.json(await engine.createImportToken(ctx, (body ?? {}) as never));
  });

  app.get('/api/v2/import_token', async (c) => {
    return c.json(await engine.getImportToken(callContext(c)));
  });

  app.get('/api/v2/instance/policies', async (c) => {
    const ctx = callContext(c);
    const only = stringQuery(c, 'policy', 40);
    const resources = instancePolicyResources(await engine.getInstancePolicies(ctx)).filter(
      (r) => !only || (r as { policy_type: string }).policy_type === only,
    );
    return c.json(envelope(COLLECTION.policy, resources));
  });

  app.put('/api/v2/instance/policies', async (c) => {
    const ctx = callContext(c);
    const body = await readJson(c);
    const list = (body as { resources?: unknown })?.resources;
    if (!Array.isArray(list) || list.length === 0 || list.length > INSTANCE_POLICIES.length)
      throw new HttpError('BAD_BODY_ERR', 'resources must list one to three instance policies');
    const update: InstancePoliciesUpdate = {};
    for (const item of list) Object.assign(update, toUpdate(item));
    await engine.putInstancePolicies(ctx, update);
    return c.body(null, 204);
  });
}
