/**
 * Key Protect's instance-level routes: key rings, the import token and instance policies (those
 * in kp-instance-policies.ts).
 */
import type { Hono } from 'hono';
import type { KeywardApi } from '../../domain/api';
import { boolQuery, callContext, pageQuery, type ServerEnv } from './context';
import { COLLECTION, envelope, readJson } from './kp-body';
import { mountInstancePolicyRoutes } from './kp-instance-policies';

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

  mountInstancePolicyRoutes(app, engine);
}
