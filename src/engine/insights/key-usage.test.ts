/**
 * Last use of keys (issue 11): per key and per version, across rotation and across two engines
 * (tabs) on one database; written with the events' group commit, never a transaction per wrap;
 * keys older than tracking say "unknown", newer unused keys "never".
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY, MINUTE } from '../../domain/time';
import type { AuditEvent } from '../../domain/types';
import type { EngineContext } from '../operation';
import type { KeyUsageRecord } from '../store/records';
import { IdbStoreTx, type StoreTx } from '../store/store-tx';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { readAll } from '../test/raw-db';
import { failLateOn } from '../test/storage-full';
import { KeyUsageTracker } from './key-usage';

afterEach(() => {
  vi.restoreAllMocks();
});

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

  it('keeps the records it wrote: a later flush reads none, until another tab has appended', async () => {
    // Not linked: no change notice tells this tab what the other wrote; the chain's head does.
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'kept', extractable: false });
    const { ciphertext } = await h.engine.wrap(h.as('writer'), key.id);
    const reads = vi.spyOn(IdbStoreTx.prototype, 'getKeyUsage');
    await h.engine.wrap(h.as('writer'), key.id);
    await h.engine.unwrap(h.as('reader'), key.id, { ciphertext });
    expect(reads).not.toHaveBeenCalled();

    const tab = await h.openTab();
    await tab.wrap(h.as('writer'), key.id);
    expect(reads).toHaveBeenCalledTimes(1); // the other tab knew nothing yet
    reads.mockClear();
    await h.engine.wrap(h.as('writer'), key.id);
    expect(reads).toHaveBeenCalledTimes(1); // this tab: the head moved, so it reads
    reads.mockClear();
    await h.engine.wrap(h.as('writer'), key.id);
    expect(reads).not.toHaveBeenCalled();
    await tab.close();
    await h.engine.close();
  });

  it('never loses another tab’s use by writing what it kept (no notice needed)', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'two tabs', extractable: false });
    const v1 = key.keyVersion.id;
    const { ciphertext } = await h.engine.wrap(h.as('writer'), key.id);
    h.clock.advance(MINUTE);
    const v2 = (await h.engine.rotate(h.as('writer'), key.id)).keyVersion.id;
    // This tab keeps {v1: its wrap}. The other tab (opened after the rotation) uses v2…
    const tab = await h.openTab();
    h.clock.advance(MINUTE);
    await tab.wrap(h.as('manager'), key.id);
    const tabUse = new Date(h.clock.now).toISOString();
    // …and this tab's next use, of v1, must keep it.
    h.clock.advance(MINUTE);
    await h.engine.unwrap(h.as('reader'), key.id, { ciphertext });
    const usage = await h.engine.getKeyUsage(h.as('reader'), key.id);
    expect(usage.last).toMatchObject({ action: 'unwrap', userName: 'Rhea Reader' });
    expect(usage.versions[v1]?.action).toBe('unwrap');
    expect(usage.versions[v2]).toMatchObject({ action: 'wrap', time: tabUse });

    // The other way round: the other tab's next use keeps this tab's.
    h.clock.advance(MINUTE);
    await tab.wrap(h.as('manager'), key.id);
    const seen = await tab.getKeyUsage(h.as('reader'), key.id);
    expect(seen.versions[v1]?.action).toBe('unwrap');
    expect(seen.last).toMatchObject({ action: 'wrap', userName: 'Max Manager' });
    await tab.close();
    await h.engine.close();
  });

  it('records a use whose flush failed with its version, when its event is written after all', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), { name: 'failing', extractable: false });
    const v1 = key.keyVersion.id;
    const { ciphertext } = await h.engine.wrap(h.as('writer'), key.id);
    h.clock.advance(MINUTE);
    const v2 = (await h.engine.rotate(h.as('writer'), key.id)).keyVersion.id;
    h.clock.advance(MINUTE);
    // The unwrap's flush aborts once its usage record is written (as a quota error at commit):
    // the call fails, its event stays queued (SPEC 14) and the next flush writes it.
    failLateOn('keyUsage');
    await expect(h.engine.unwrap(h.as('reader'), key.id, { ciphertext })).rejects.toThrow();
    vi.restoreAllMocks();
    h.clock.advance(MINUTE);
    await h.engine.wrap(h.as('writer'), key.id);
    const events = await h.engine.listEvents(h.as('admin'), { target: key.id });
    const unwrap = events.events.find((e) => e.action === 'kms.secrets.unwrap');
    const usage = await h.engine.getKeyUsage(h.as('reader'), key.id);
    expect(usage.last?.action).toBe('wrap');
    expect(usage.versions[v2]?.action).toBe('wrap');
    // The version the unwrap used is still known (the failed flush gave its note back).
    expect(usage.versions[v1]).toMatchObject({ action: 'unwrap', eventId: unwrap?.id });
    await h.engine.close();
  });
});

describe('the usage hook', () => {
  const instanceId = 'instance-1';

  /** A tracker over a stand-in context, its hook, and a transaction that counts reads. */
  function tracker() {
    let hook!: (tx: StoreTx, events: AuditEvent[]) => Promise<void>;
    const env = {
      audit: { onAppend: (h: typeof hook) => (hook = h) },
      notify: () => undefined,
    } as unknown as EngineContext;
    const usage = new KeyUsageTracker(env);
    const stored = new Map<string, KeyUsageRecord>();
    const reads: string[] = [];
    const tx = (committed: Promise<void> = Promise.resolve()) =>
      ({
        getKeyUsage: (keyId: string) => {
          reads.push(keyId);
          return Promise.resolve(structuredClone(stored.get(keyId)));
        },
        putKeyUsage: (record: KeyUsageRecord) => {
          stored.set(record.keyId, structuredClone(record));
          return Promise.resolve();
        },
        committed,
      }) as unknown as StoreTx;
    return { usage, stored, reads, tx, append: (t: StoreTx, e: AuditEvent[]) => hook(t, e) };
  }

  let seq = 0;
  function wrapEvent(keyId: string, correlationId: string, prevHash: string, hash: string) {
    seq++;
    return {
      seq,
      id: `event-${seq}`,
      time: new Date(Date.UTC(2026, 0, 1) + seq).toISOString(),
      action: 'kms.secrets.wrap',
      initiator: { id: 'user-writer', name: 'Wren Writer', roles: [] },
      target: { crn: 'crn:test', keyId, instanceId },
      outcome: 'success',
      correlationId,
      prevHash,
      hash,
    } as AuditEvent;
  }

  it('reads a record only when the batch does not link to the head it kept', async () => {
    const t = tracker();
    await t.append(t.tx(), [wrapEvent('k', 'c1', 'h0', 'h1')]);
    expect(t.reads).toEqual(['k']);
    await t.append(t.tx(), [wrapEvent('k', 'c2', 'h1', 'h2')]);
    expect(t.reads).toEqual(['k']);
    // Another writer appended in between (h2 → h3): read.
    await t.append(t.tx(), [wrapEvent('k', 'c3', 'h3', 'h4')]);
    expect(t.reads).toEqual(['k', 'k']);
    // A transaction that aborts leaves nothing kept, whatever links to it.
    let abort!: (e: Error) => void;
    const aborted = new Promise<void>((_, reject) => (abort = reject));
    await t.append(t.tx(aborted), [wrapEvent('k', 'c4', 'h4', 'h5')]);
    expect(t.reads).toEqual(['k', 'k']);
    abort(new Error('aborted'));
    await aborted.catch(() => undefined);
    await t.append(t.tx(), [wrapEvent('k', 'c5', 'h5', 'h6')]);
    expect(t.reads).toEqual(['k', 'k', 'k']);
    // A change notice (another tab wrote) drops what was kept.
    t.usage.invalidate(instanceId);
    await t.append(t.tx(), [wrapEvent('k', 'c6', 'h6', 'h7')]);
    expect(t.reads).toEqual(['k', 'k', 'k', 'k']);
  });

  it('takes version notes by correlation id, oldest first, and drops the oldest past 10,000', async () => {
    const t = tracker();
    // Two calls with the same correlation id (a caller may give one), in one batch.
    // A note of another action or key under the same id is not theirs.
    t.usage.note('same', 'kms.secrets.unwrap', 'k', 'v-unwrap');
    t.usage.note('same', 'kms.secrets.wrap', 'other', 'v-other');
    t.usage.note('same', 'kms.secrets.wrap', 'k', 'v1');
    t.usage.note('same', 'kms.secrets.wrap', 'k', 'v2');
    const first = wrapEvent('k', 'same', 'h0', 'x1');
    const second = wrapEvent('k', 'same', 'x1', 'h1');
    await t.append(t.tx(), [first, second]);
    expect(t.stored.get('k')?.versions['v1']?.eventId).toBe(first.id);
    expect(t.stored.get('k')?.versions['v2']?.eventId).toBe(second.id);
    expect(Object.keys(t.stored.get('k')?.versions ?? {})).toEqual(['v1', 'v2']);
    await t.append(t.tx(), [wrapEvent('other', 'same', 'h1', 'h1b')]);
    expect(Object.keys(t.stored.get('other')?.versions ?? {})).toEqual(['v-other']);

    // A note whose event never came is dropped once 10,000 newer ones wait.
    t.usage.note('lost', 'kms.secrets.wrap', 'old', 'v-old');
    for (let i = 0; i < 10_000; i++) t.usage.note(`c${i}`, 'kms.secrets.wrap', 'k', `v${i}`);
    await t.append(t.tx(), [
      wrapEvent('old', 'lost', 'h1b', 'y1'),
      wrapEvent('k', 'c0', 'y1', 'y2'),
      wrapEvent('k', 'c9999', 'y2', 'h2'),
    ]);
    expect(t.stored.get('old')?.versions).toEqual({});
    expect(Object.keys(t.stored.get('k')?.versions ?? {})).toEqual(['v1', 'v2', 'v0', 'v9999']);
  });
});
