/**
 * Last use of keys (issue 11): per key and per version, across rotation and across two engines
 * (tabs) on one database; written with the events' group commit, never a transaction per wrap;
 * keys older than tracking say "unknown", newer unused keys "never".
 */
import { describe, expect, it, vi } from 'vitest';
import { DAY, MINUTE } from '../../domain/time';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { readAll } from '../test/raw-db';

/** Writes one meta value below the engine (meta has out-of-line keys). */
async function putMeta(h: Harness, key: string, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = h.factory.open(h.dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('last used', () => {
  it('records wrap, unwrap and rewrap per key and per version, across rotation', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'tracked', extractable: false });
    expect((await h.engine.getKeyUsage(h.as('reader'), key.id)).status).toBe('never');

    const v1 = key.keyVersion.id;
    const { ciphertext } = await h.engine.wrap(h.as('writer'), key.id);
    h.clock.advance(2 * 60 * MINUTE);
    const rotated = await h.engine.rotate(h.as('writer'), key.id);
    const v2 = rotated.keyVersion.id;
    h.clock.advance(3 * MINUTE);
    await h.engine.unwrap(h.as('reader'), key.id, { ciphertext });
    const usage = await h.engine.getKeyUsage(h.as('reader'), key.id);
    expect(usage.status).toBe('used');
    expect(usage.last).toMatchObject({
      action: 'unwrap',
      userName: 'Rhea Reader',
      time: new Date(h.clock.now).toISOString(),
    });
    // The unwrap opened version 1; the wrap before rotation also used version 1.
    expect(usage.versions[v1]?.action).toBe('unwrap');
    expect(usage.versions[v2]).toBeUndefined();

    // Its event id names the unwrap's own event.
    const events = await h.engine.listEvents(h.as('admin'), { target: key.id });
    const unwrapEvent = events.events.find((e) => e.action === 'kms.secrets.unwrap');
    expect(usage.last?.eventId).toBe(unwrapEvent?.id);

    h.clock.advance(MINUTE);
    await h.engine.rewrap(h.as('writer'), key.id, { ciphertext });
    h.clock.advance(MINUTE);
    await h.engine.wrap(h.as('writer'), key.id);
    const after = await h.engine.getKeyUsage(h.as('reader'), key.id);
    expect(after.last).toMatchObject({ action: 'wrap', userName: 'Wren Writer' });
    expect(after.versions[v2]?.action).toBe('wrap');
    expect(after.versions[v1]?.action).toBe('rewrap');
    await h.engine.close();
  });

  it('records object storage’s uses of a key per version too (through the key gate)', async () => {
    const h = await openHarness();
    const e = h.engine;
    const cos = (await e.getSession()).instances.find((i) => i.kind === 'cos')?.id ?? '';
    const key = await e.createKey(h.as('manager'), { name: 'bucket root', extractable: false });
    await e.createAuthorization(h.as('admin'), {
      sourceInstanceId: cos,
      targetInstanceId: h.instanceId,
      role: 'Reader',
    });
    const writer = { userId: 'user-writer', instanceId: cos };
    await e.createBucket(writer, {
      name: 'photos',
      encryption: { type: 'customer', keyCrn: key.crn },
    });
    const data = new Uint8Array([1, 2, 3]);
    const ticket = await e.beginUpload(writer, 'photos', 'a.bin', { size: data.length });
    await e.putUploadChunk(writer, ticket.uploadId, 0, data.slice().buffer);
    await e.completeUpload(writer, ticket.uploadId);
    const usage = await e.getKeyUsage(h.as('reader'), key.id);
    expect(usage.last?.action).toBe('wrap');
    // The object's DEK was wrapped under the key's only version: that version says so.
    expect(usage.versions[key.keyVersion.id]?.action).toBe('wrap');
    await e.close();
  });

  it('does not count refused uses, and a wrap is no transaction of its own', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'tracked', extractable: false });
    await h.engine.disableKey(h.as('manager'), key.id);
    await expectError(h.engine.wrap(h.as('writer'), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    await h.engine.flushEvents();
    expect((await h.engine.getKeyUsage(h.as('reader'), key.id)).status).toBe('never');
    h.clock.advance(MINUTE);
    await h.engine.enableKey(h.as('manager'), key.id);
    // Ten concurrent wraps: their events share one group commit, and the usage record is
    // written with that batch (it is there as soon as they are answered).
    const commits = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await Promise.all(Array.from({ length: 10 }, () => h.engine.wrap(h.as('writer'), key.id)));
    const writes = commits.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
    commits.mockRestore();
    expect(writes).toBeLessThanOrEqual(2);
    const records = await readAll(h, 'keyUsage');
    expect(records).toHaveLength(1);
    await h.engine.close();
  });

  it('is seen by another tab on the same database, and feeds the "not used" filter there', async () => {
    const h = await openHarness({ linked: true });
    const key = await h.engine.createKey(h.as('writer'), { name: 'shared', extractable: false });
    const tab = await h.openTab();
    h.clock.advance(100 * DAY);
    // The other tab lists it as unused for 90 days (its usage map is now loaded)…
    expect((await tab.listKeys(h.as('reader'), { notUsedForDays: 90 })).total).toBe(1);
    await h.engine.wrap(h.as('writer'), key.id);
    await h.engine.flushEvents();
    await h.settle();
    // …and after this tab's wrap, no longer; its key page shows the use.
    expect((await tab.listKeys(h.as('reader'), { notUsedForDays: 90 })).total).toBe(0);
    const seen = await tab.getKeyUsage(h.as('reader'), key.id);
    expect(seen.last).toMatchObject({ action: 'wrap', userName: 'Wren Writer' });
    await tab.close();
    await h.engine.close();
  });

  it('says "unknown" for keys created before tracking began', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'old', extractable: false });
    // Pretend tracking began later (as in a database upgraded from before schema v5).
    await h.engine.close();
    await putMeta(h, 'usageTrackingSince', h.clock.now + DAY);
    h.clock.advance(2 * DAY);
    const tab = await h.openTab();
    const usage = await tab.getKeyUsage(h.as('reader'), key.id);
    expect(usage.status).toBe('unknown');
    // Unknown is not "unused": the 1-day filter counts only what tracking saw.
    expect((await tab.listKeys(h.as('reader'), { notUsedForDays: 1 })).total).toBe(1);
    expect((await tab.listKeys(h.as('reader'), { notUsedForDays: 3 })).total).toBe(0);
    await tab.close();
  });
});
