/**
 * Jobs that are never lost and run once (issue 14): a rotation's notification to the buckets
 * registered with the key, and the rewrap it starts, are written in the rotation's own
 * transaction (the outbox) and delivered by whichever engine runs next — exactly once, even when
 * two engines open on the same storage at once.
 *
 * "The tab dies" is modelled at the store: once the rotation's transaction has committed, every
 * later transaction of that engine hangs forever (as a closed tab's would never run), so nothing
 * that engine meant to do after the commit happens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { Key } from '../../domain/types';
import type { Engine } from '../engine';
import type { ObjectRecord } from '../store/records';
import { openDyingTab } from '../test/dying-tab';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, readAll } from '../test/raw-db';

const CHUNK = 64;

let h: Harness;
let cos: string;
let key: Key;
const writer = (): CallContext => ({ userId: 'user-writer', instanceId: cos });
const reader = (): CallContext => ({ userId: 'user-reader', instanceId: cos });
const open: Engine[] = [];

async function tab(): Promise<Engine> {
  const engine = await h.openTab();
  open.push(engine);
  return engine;
}

async function upload(e: Engine, bucket: string, name: string, data: Uint8Array): Promise<void> {
  const ticket = await e.beginUpload(writer(), bucket, name, { size: data.length });
  for (let i = 0; i < ticket.chunkCount; i++) {
    const part = data.slice(i * ticket.chunkSize, (i + 1) * ticket.chunkSize);
    await e.putUploadChunk(writer(), ticket.uploadId, i, part.buffer);
  }
  await e.completeUpload(writer(), ticket.uploadId);
}

/**
 * An engine over the harness's database whose store stops answering for good (the tab closed)
 * right after the first write transaction that stores a new key version has committed.
 */
const tabThatDiesAfterRotating = () =>
  openDyingTab(h, { after: 'putVersion', stops: 'hang', storage: { chunkSize: CHUNK } });

const rotationEventsOf = async (correlationId: string) =>
  (await rawEvents(h)).filter((e) => e.correlationId === correlationId).map((e) => e.action);

beforeEach(async () => {
  h = await openHarness({ storage: { chunkSize: CHUNK } });
  const e = h.engine;
  cos = (await e.getSession()).instances.find((i) => i.kind === 'cos')?.id ?? '';
  key = await e.createKey(h.as('manager'), { name: 'bucket root', extractable: false });
  await e.createAuthorization(h.as('admin'), {
    sourceInstanceId: cos,
    targetInstanceId: h.instanceId,
    role: 'Reader',
  });
  for (const bucket of ['photos', 'logs']) {
    await e.createBucket(writer(), {
      name: bucket,
      encryption: { type: 'customer', keyCrn: key.crn },
    });
    for (const n of ['a', 'b']) await upload(e, bucket, n, new Uint8Array(100).fill(7));
  }
  // The harness's own engine closes: the tabs below are the only ones.
  await e.close();
});

afterEach(async () => {
  for (const engine of open.splice(0)) await engine.close();
});

describe('rotation notification outbox', () => {
  it('a rotation whose tab closed before notifying is delivered once by the next engine', async () => {
    const { engine: doomed, died } = await tabThatDiesAfterRotating();
    void doomed.rotate(h.as('manager'), key.id);
    await died;
    // The rotation committed; its tab is gone: no notification, no rewrap yet.
    const rotation = (await rawEvents(h)).find((e) => e.action === 'kms.secrets.rotate');
    expect(rotation?.outcome).toBe('success');
    const correlationId = rotation?.correlationId ?? '';
    expect(await rotationEventsOf(correlationId)).toEqual(['kms.secrets.rotate']);
    const stale = await readAll<ObjectRecord>(h, 'objects');
    expect(stale.every((o) => o.keyVersionId === key.keyVersion.id)).toBe(true);

    // The next tab to open delivers it, and the rewrap it starts runs to the end.
    const next = await tab();
    await next.storageIdle();
    await next.flushEvents();
    const rotated = await next.getKeyMetadata(h.as('manager'), key.id);
    const linked = await rotationEventsOf(correlationId);
    expect(linked.filter((a) => a === 'kms.registrations.notify')).toHaveLength(2);
    expect(linked.filter((a) => a === 'kms.secrets-event.ack')).toHaveLength(2);
    expect(linked.filter((a) => a === 'cloud-object-storage.bucket-key-state.update')).toHaveLength(
      2,
    );
    const objects = await readAll<ObjectRecord>(h, 'objects');
    expect(objects.map((o) => o.keyVersionId)).toEqual(objects.map(() => rotated.keyVersion.id));
    expect((await next.getBucket(reader(), 'photos')).rewrap).toMatchObject({
      state: 'done',
      done: 2,
      total: 2,
    });
    expect(await readAll(h, 'keyNotices')).toEqual([]);

    // Opening again delivers nothing more.
    await next.close();
    open.splice(open.indexOf(next), 1);
    const again = await tab();
    await again.storageIdle();
    await again.flushEvents();
    expect(await rotationEventsOf(correlationId)).toEqual(linked);
  });

  it('two engines opening at once on the same storage deliver it once', async () => {
    const { died, engine: doomed } = await tabThatDiesAfterRotating();
    void doomed.rotate(h.as('manager'), key.id);
    await died;
    const [first, second] = await Promise.all([tab(), tab()]);
    await Promise.all([first.storageIdle(), second.storageIdle()]);
    await first.flushEvents();
    await second.flushEvents();
    const events = await rawEvents(h);
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect(count('kms.registrations.notify')).toBe(2);
    expect(count('kms.secrets-event.ack')).toBe(2);
    expect(count('cloud-object-storage.bucket-key-state.update')).toBe(2);
    // One batch rewrap per bucket: neither bucket's DEKs were rewrapped twice.
    expect(events.filter((e) => e.action === 'kms.secrets.rewrap' && e.items)).toHaveLength(2);
    expect(await readAll(h, 'keyNotices')).toEqual([]);
  });

  it('a notification is written in the rotation’s transaction, with the buckets it is for', async () => {
    const { died, engine: doomed } = await tabThatDiesAfterRotating();
    void doomed.rotate(h.as('manager'), key.id);
    await died;
    const [notice] = await readAll<{ change: string; keyId: string; resourceCrns: string[] }>(
      h,
      'keyNotices',
    );
    expect(notice).toMatchObject({ change: 'rotated', keyId: key.id });
    expect(notice?.resourceCrns.map((c) => c.split(':').at(-1))).toEqual(['logs', 'photos']);
  });

  it('the changing call delivers before it answers; a key without buckets writes no notice', async () => {
    const e = await tab();
    const lone = await e.createKey(h.as('manager'), { name: 'lone root', extractable: false });
    await e.rotate(h.as('manager'), lone.id);
    expect(await readAll(h, 'keyNotices')).toEqual([]);
    // Delivered by the same call, before it answered.
    await e.disableKey(h.as('manager'), key.id);
    expect(await readAll(h, 'keyNotices')).toEqual([]);
    await e.flushEvents();
    const events = await rawEvents(h);
    const disable = events.find((x) => x.action === 'kms.secrets.disable');
    expect(await rotationEventsOf(disable?.correlationId ?? '')).toEqual([
      'kms.secrets.disable',
      'kms.registrations.notify',
      'kms.secrets-event.ack',
      'kms.registrations.notify',
      'kms.secrets-event.ack',
    ]);
  });
});
