/**
 * Key Protect's key routes (`/api/v2/keys…`): create and import, list (paging, sort, search,
 * filter, `HEAD` total), get, metadata, versions, patch to a ring, delete, restore, purge,
 * aliases, policies, registrations and the actions. Each is one engine call (the engine checks
 * the caller's roles and audits it); the route only translates Key Protect's wire format.
 */
import type { Hono } from 'hono';
import type { CreateKeyRequest, KeywardApi, ListKeysQuery } from '../../domain/api';
import type { KeyState } from '../../domain/key-state';
import type { Key, KeyPolicies } from '../../domain/types';
import {
  callContext,
  boolQuery,
  keyRingHeader,
  pageQuery,
  stringQuery,
  wantsRepresentation,
  type KpContext,
  type ServerEnv,
} from './context';
import { COLLECTION, envelope, firstResource, HttpError, readJson, withoutType } from './kp-body';

export function keyResource(key: Key & { payload?: string }): object {
  return { type: COLLECTION.key, ...key };
}

function stateQuery(c: KpContext): KeyState[] | undefined {
  const raw = stringQuery(c, 'state', 20);
  if (raw === undefined) return undefined;
  if (!/^[0-5](,[0-5])*$/.test(raw))
    throw new HttpError('INVALID_QUERY_PARAM_ERR', 'state must be integers 0–5, comma-separated');
  return raw.split(',').map(Number) as KeyState[];
}

function listQuery(c: KpContext): ListKeysQuery {
  const query: ListKeysQuery = { ...pageQuery(c) };
  const state = stateQuery(c);
  if (state) query.state = state;
  const extractable = boolQuery(c, 'extractable');
  if (extractable !== undefined) query.extractable = extractable;
  const ring = keyRingHeader(c);
  if (ring) query.keyRingID = ring;
  for (const name of ['sort', 'search', 'filter'] as const) {
    const value = stringQuery(c, name);
    if (value !== undefined) query[name] = value;
  }
  return query;
}

const ACTIONS_204 = {
  disable: 'disableKey',
  enable: 'enableKey',
  setKeyForDeletion: 'setKeyForDeletion',
  unsetKeyForDeletion: 'unsetKeyForDeletion',
  sync: 'syncAssociatedResources',
} as const;

export function mountKeyRoutes(app: Hono<ServerEnv>, engine: KeywardApi): void {
  app.post('/api/v2/keys', async (c) => {
    const ctx = callContext(c);
    const resource = withoutType(firstResource(await readJson(c)));
    const ring = keyRingHeader(c);
    const request = {
      ...resource,
      ...(ring ? { keyRingID: ring } : {}),
    } as unknown as CreateKeyRequest;
    const key = await engine.createKey(ctx, request);
    const full = wantsRepresentation(c) && key.extractable ? await engine.getKey(ctx, key.id) : key;
    return c.json(envelope(COLLECTION.key, [keyResource(full)]), 201);
  });

  // Hono routes HEAD to the GET route: HEAD answers the total only (Key Protect's Key-Total).
  app.get('/api/v2/keys', async (c) => {
    const ctx = callContext(c);
    if (c.req.method === 'HEAD') {
      const { total } = await engine.headKeys(ctx, listQuery(c));
      return c.body(null, 200, { 'Key-Total': String(total) });
    }
    const totalCount = boolQuery(c, 'totalCount');
    const list = await engine.listKeys(ctx, listQuery(c));
    return c.json(
      envelope(
        COLLECTION.key,
        list.keys.map(keyResource),
        totalCount ? { totalCount: list.total } : {},
      ),
    );
  });

  app.get('/api/v2/keys/registrations', async (c) => {
    const ctx = callContext(c);
    const page = pageQuery(c);
    const list = await engine.listKeys(ctx, { state: [1, 2, 3, 5] as KeyState[], limit: 200 });
    const all = [];
    for (const key of list.keys)
      all.push(...(await engine.getRegistrations(ctx, key.id)).registrations);
    const offset = page.offset ?? 0;
    const slice = all.slice(offset, offset + (page.limit ?? 200));
    return c.json(envelope(COLLECTION.registration, slice, { totalCount: all.length }));
  });

  app.get('/api/v2/keys/:id', async (c) => {
    const key = await engine.getKey(callContext(c), c.req.param('id'));
    return c.json(envelope(COLLECTION.key, [keyResource(key)]));
  });

  app.patch('/api/v2/keys/:id', async (c) => {
    const ctx = callContext(c);
    const resource = firstResource(await readJson(c));
    if (typeof resource.keyRingID !== 'string')
      throw new HttpError(
        'BAD_BODY_ERR',
        'keyRingID (the key ring to move the key to) is required',
      );
    const key = await engine.setKeyRing(ctx, c.req.param('id'), resource.keyRingID);
    return c.json(envelope(COLLECTION.key, [keyResource(key)]));
  });

  app.get('/api/v2/keys/:id/metadata', async (c) => {
    const key = await engine.getKeyMetadata(callContext(c), c.req.param('id'));
    return c.json(envelope(COLLECTION.key, [keyResource(key)]));
  });

  app.get('/api/v2/keys/:id/versions', async (c) => {
    const ctx = callContext(c);
    const totalCount = boolQuery(c, 'totalCount');
    const { versions, total } = await engine.getKeyVersions(ctx, c.req.param('id'), pageQuery(c));
    const resources = versions.map((v) => ({ id: v.id, creationDate: v.creationDate }));
    return c.json(
      envelope(COLLECTION.keyVersion, resources, totalCount ? { totalCount: total } : {}),
    );
  });

  app.delete('/api/v2/keys/:id', async (c) => {
    const ctx = callContext(c);
    const force = boolQuery(c, 'force');
    const key = await engine.deleteKey(ctx, c.req.param('id'), force ? { force } : {});
    if (!wantsRepresentation(c)) return c.body(null, 204);
    return c.json(envelope(COLLECTION.key, [keyResource(key)]));
  });

  app.post('/api/v2/keys/:id/restore', async (c) => {
    const key = await engine.restoreKey(callContext(c), c.req.param('id'));
    return c.json(envelope(COLLECTION.key, [keyResource(key)]), 201);
  });

  app.delete('/api/v2/keys/:id/purge', async (c) => {
    const key = await engine.purgeKey(callContext(c), c.req.param('id'));
    if (!wantsRepresentation(c)) return c.body(null, 204);
    return c.json(envelope(COLLECTION.key, [keyResource(key)]));
  });

  app.post('/api/v2/keys/:id/aliases/:alias', async (c) => {
    const ctx = callContext(c);
    const alias = c.req.param('alias');
    const key = await engine.createAlias(ctx, c.req.param('id'), alias);
    return c.json(
      envelope(COLLECTION.alias, [
        { alias, keyId: key.id, createdBy: ctx.userId, creationDate: key.lastUpdateDate },
      ]),
      201,
    );
  });

  app.delete('/api/v2/keys/:id/aliases/:alias', async (c) => {
    await engine.deleteAlias(callContext(c), c.req.param('id'), c.req.param('alias'));
    return c.body(null, 204);
  });

  app.get('/api/v2/keys/:id/registrations', async (c) => {
    const ctx = callContext(c);
    const { registrations, total } = await engine.getRegistrations(
      ctx,
      c.req.param('id'),
      pageQuery(c),
    );
    return c.json(envelope(COLLECTION.registration, registrations, { totalCount: total }));
  });

  app.get('/api/v2/keys/:id/policies', async (c) => {
    const policies = await engine.getKeyPolicies(callContext(c), c.req.param('id'));
    return c.json(envelope(COLLECTION.policy, policyResources(policies)));
  });

  app.put('/api/v2/keys/:id/policies', async (c) => {
    const ctx = callContext(c);
    const body = await readJson(c);
    const list = (body as { resources?: unknown })?.resources;
    if (!Array.isArray(list) || list.length === 0 || list.length > 2)
      throw new HttpError('BAD_BODY_ERR', 'resources must list one or two policies');
    const update: Partial<KeyPolicies> = {};
    for (const item of list) {
      const { type: _type, ...rest } = (item ?? {}) as Record<string, unknown>;
      Object.assign(update, rest);
    }
    const policies = await engine.putKeyPolicies(ctx, c.req.param('id'), update);
    return c.json(envelope(COLLECTION.policy, policyResources(policies)));
  });

  app.post('/api/v2/keys/:id/actions/:action', async (c) => {
    const ctx = callContext(c);
    const id = c.req.param('id');
    const action = c.req.param('action');
    if (action in ACTIONS_204) {
      if ((await c.req.text()).trim() !== '')
        throw new HttpError('BAD_BODY_ERR', `The ${action} action takes no body`);
      await engine[ACTIONS_204[action as keyof typeof ACTIONS_204]](ctx, id);
      return c.body(null, 204);
    }
    const body = await readJson(c);
    const request = body === undefined ? undefined : (body as never);
    switch (action) {
      case 'wrap':
        return c.json(await engine.wrap(ctx, id, request), 200);
      case 'unwrap':
        return c.json(await engine.unwrap(ctx, id, body as never), 200);
      case 'rewrap':
        return c.json(await engine.rewrap(ctx, id, body as never), 200);
      case 'rotate':
        await engine.rotate(ctx, id, request);
        return c.body(null, 204);
      default:
        throw new HttpError('NOT_FOUND_ERR', `There is no key action "${action}"`);
    }
  });
}

function policyResources(policies: KeyPolicies): object[] {
  const out: object[] = [];
  if (policies.rotation) out.push({ type: COLLECTION.policy, rotation: policies.rotation });
  out.push({ type: COLLECTION.policy, dualAuthDelete: policies.dualAuthDelete });
  return out;
}
