/**
 * Key Protect's `X-Kms-Key-Ring` on the calls about one key: the ring the key is in. Without
 * the header the key is looked up in every ring; with it, a key that is in another ring is not
 * found (404 KEY_NOT_FOUND_ERR), before the engine is reached, so nothing changes. (Key Protect
 * checks the header on every key call and authorizes by the ring it names.) Create and list
 * read the header as the ring to create in or list (./kp-keys.ts).
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { engineError } from '../../domain/errors';
import type { SqlDatabase } from '../store/sql-database';
import { callContext, keyRingHeader, type ServerEnv } from './context';

/** The ring of a key (by id or alias) in an instance, or undefined when there is no such key. */
export type KeyRingLookup = (instanceId: string, idOrAlias: string) => Promise<string | undefined>;

/** Reads the ring from the server's tables (one read transaction, no audit event). */
export function sqlKeyRingLookup(db: SqlDatabase): KeyRingLookup {
  return (instanceId, idOrAlias) =>
    db.transaction('read', async (sql) => {
      const byId = await sql.query<{ ring: string | null }>(
        'SELECT key_ring_id AS ring FROM kw_keys WHERE instance_id = $1 AND id = $2',
        [instanceId, idOrAlias],
      );
      if (byId[0]) return byId[0].ring ?? 'default';
      const byAlias = await sql.query<{ ring: string | null }>(
        `SELECT k.key_ring_id AS ring FROM kw_aliases a JOIN kw_keys k ON k.id = a.value->>'keyId'
         WHERE a.instance_id = $1 AND a.alias = $2`,
        [instanceId, idOrAlias],
      );
      return byAlias[0] ? (byAlias[0].ring ?? 'default') : undefined;
    });
}

export function mountKeyRingCheck(app: Hono<ServerEnv>, keyRingOf: KeyRingLookup): void {
  const check: MiddlewareHandler<ServerEnv> = async (c, next) => {
    const ring = keyRingHeader(c);
    const id = c.req.param('id');
    // `/keys/registrations` is the instance's list, not a key.
    if (ring === undefined || id === undefined || id === 'registrations') return next();
    const { instanceId } = callContext(c);
    const actual = await keyRingOf(instanceId, id);
    // An unknown key is the engine's to refuse (with its own message and event).
    if (actual !== undefined && actual !== ring)
      throw engineError(
        'KEY_NOT_FOUND_ERR',
        `Key not found in key ring "${ring.slice(0, 100)}" (X-Kms-Key-Ring): the key is in another ring`,
      );
    return next();
  };
  app.use('/api/v2/keys/:id', check);
  app.use('/api/v2/keys/:id/*', check);
}
