/**
 * Schema upgrades with several tabs (issue 14): when another tab opens a newer version of the
 * database, this tab writes what it queued, lets go, and from then on answers every call with
 * 503 DATABASE_VERSION_ERR ("reload"), never a 500; its page hears why. An upgrade that an older
 * tab blocks gives up with the same code and a message saying which tabs to close.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { EngineError } from '../../domain/errors';
import { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { openHarness } from '../test/harness';
import { rawEvents } from '../test/raw-db';
import { DB_VERSION } from './database';

function openRaw(factory: IDBFactory, name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('another tab upgrades the schema', () => {
  it('this tab writes its queued events, closes, and answers 503 DATABASE_VERSION_ERR, not 500', async () => {
    const stopped: EngineError[] = [];
    const h = await openHarness();
    const tab = await Engine.open({
      indexedDB: h.factory,
      dbName: h.dbName,
      now: () => h.clock.now,
      channel: null,
      onStopped: (error) => stopped.push(error),
    });
    await h.engine.close();
    const key = await tab.createKey(h.as('writer'), { name: 'kept', extractable: false });
    const newer = await openRaw(h.factory, h.dbName, DB_VERSION + 1);
    newer.close();
    const error = await expectError(
      tab.getKey(h.as('writer'), key.id),
      503,
      'DATABASE_VERSION_ERR',
    );
    expect(error.message).toMatch(/^Keyward was updated in another tab.*reload this tab/);
    await expectError(tab.listKeys(h.as('reader')), 503, 'DATABASE_VERSION_ERR');
    expect(stopped.map((e) => e.code)).toEqual(['DATABASE_VERSION_ERR']);
    // Nothing was lost: the key and its event are in the (now newer) database.
    const events = await rawEvents(h);
    expect(events.some((e) => e.action === 'kms.secrets.create' && e.target.keyId === key.id)).toBe(
      true,
    );
  });

  it('an older tab that never lets go: opening gives up with 503 DATABASE_VERSION_ERR naming the cause', async () => {
    const factory = new IDBFactory();
    // An old tab of schema version 1 with no versionchange handler, holding the database open.
    const old = await openRaw(factory, 'keyward-blocked', 1);
    const opening = Engine.open({
      indexedDB: factory,
      dbName: 'keyward-blocked',
      channel: null,
      blockedTimeoutMs: 30,
    });
    const error = await expectError(opening, 503, 'DATABASE_VERSION_ERR');
    expect(error.message).toMatch(/close the other Keyward tabs, then reload/);
    old.close();
  });
});
