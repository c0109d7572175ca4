/**
 * Schema v1 → v2 (issue 4): a database written by the shipped v1 schema opens under v2, keeps
 * every record, and its existing keys are found through the new indexes (keys by ring, keys by
 * next rotation date).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { openHarness } from '../test/harness';
import { readAll, type StoreName } from '../test/raw-db';
import { STORE_NAMES } from './database';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The stores of the shipped v1 schema (later versions add stores that start empty). */
const V1_STORES = [
  'meta',
  'users',
  'instances',
  'accessPolicies',
  'keyRings',
  'keys',
  'aliases',
  'keyVersions',
  'masterKeys',
  'registrations',
  'events',
] as const satisfies readonly StoreName[];

/** The shipped v1 schema, as `database.ts` created it (stores and their v1 indexes). */
function createV1(db: IDBDatabase): void {
  db.createObjectStore('meta');
  db.createObjectStore('users', { keyPath: 'id' });
  db.createObjectStore('instances', { keyPath: 'id' });
  db.createObjectStore('accessPolicies', { keyPath: 'id' }).createIndex('byUser', 'userId');
  db.createObjectStore('keyRings', { keyPath: ['instanceId', 'id'] }).createIndex(
    'byInstance',
    'instanceId',
  );
  const keys = db.createObjectStore('keys', { keyPath: 'id' });
  keys.createIndex('byInstance', 'instanceId');
  keys.createIndex('byAutoPurgeAt', 'autoPurgeAt');
  db.createObjectStore('aliases', { keyPath: ['instanceId', 'alias'] }).createIndex(
    'byInstance',
    'instanceId',
  );
  db.createObjectStore('keyVersions', { keyPath: ['keyId', 'number'] }).createIndex(
    'byKey',
    'keyId',
  );
  db.createObjectStore('masterKeys', { keyPath: 'instanceId' });
  db.createObjectStore('registrations', { keyPath: ['keyId', 'resourceCrn'] }).createIndex(
    'byKey',
    'keyId',
  );
  db.createObjectStore('events', { keyPath: 'seq' }).createIndex('byKeyId', 'target.keyId');
}

describe('schema v1 → v2', () => {
  it('keeps every record; old keys are found by ring and scheduled once a policy is set', async () => {
    // An account with a key in a ring, written by today's engine...
    const source = await openHarness();
    const m = source.as('manager');
    await source.engine.createKeyRing(m, 'team');
    const key = await source.engine.createKey(m, {
      name: 'old-key',
      extractable: false,
      keyRingID: 'team',
    });
    await source.engine.close();
    const records: Partial<Record<StoreName, unknown[]>> = {};
    for (const name of STORE_NAMES) records[name] = await readAll(source, name);
    // getAll returns meta values in key order.
    // (expiredThrough, from v6, and usageTrackingSince, from v5, are left out: a v1 database
    // predates them.)
    const metaKeys = [
      'account',
      'auditHead',
      'clockOffsetMs',
      'expiredThrough',
      'usageTrackingSince',
    ];
    const later = new Set(['expiredThrough', 'usageTrackingSince']);

    // ...copied into a database with the v1 schema.
    const open = source.factory.open('v1-copy', 1);
    open.onupgradeneeded = () => createV1(open.result);
    const v1 = await done(open);
    const tx = v1.transaction([...V1_STORES], 'readwrite');
    for (const name of V1_STORES) {
      const values = records[name] ?? [];
      values.forEach((value, i) => {
        if (name === 'meta') {
          if (!later.has(metaKeys[i] ?? '')) tx.objectStore(name).put(value, metaKeys[i]);
        } else tx.objectStore(name).put(value);
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const metaOrder = await done(v1.transaction('meta').objectStore('meta').getAllKeys());
    v1.close();
    expect(metaOrder.length).toBe(3);

    // Opened under v2: the upgrade adds the indexes over the existing records.
    const engine = await Engine.open({
      indexedDB: source.factory,
      dbName: 'v1-copy',
      now: () => source.clock.now,
      channel: null,
    });
    const ctx = { userId: 'user-manager', instanceId: source.instanceId };
    expect((await engine.getKeyMetadata(ctx, key.id)).keyRingID).toBe('team');
    const rings = await engine.listKeyRings(ctx);
    expect(rings.keyRings.map((r) => [r.id, r.keyCount])).toEqual([
      ['default', 0],
      ['team', 1],
    ]);
    // Deleting the ring looks its keys up through the new index: the old key blocks it.
    await expectError(engine.deleteKeyRing(ctx, 'team'), 409, 'KEY_RING_NOT_EMPTY_ERR');
    await engine.putKeyPolicies(ctx, key.id, { rotation: { enabled: true, interval_month: 1 } });
    source.clock.advance(40 * 24 * 3600 * 1000);
    const rotated = await engine.getKeyMetadata(ctx, key.id);
    expect(rotated.keyVersion.id).not.toBe(key.keyVersion.id);
    expect((await engine.verifyEvents(ctx)).ok).toBe(true);
    await engine.close();
  });
});
