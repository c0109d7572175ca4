/**
 * Storage full is survivable (SPEC 14, issue 14): while less than the reserve is free, calls that
 * would store more are refused with 507 before writing anything — an upload in progress ends and
 * leaves nothing — while reads, deleting objects and buckets, and deleting and purging keys still
 * work and are recorded. Once space is freed, the same calls work again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import { HOUR, SECOND } from '../../domain/time';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, readAll, snapshot } from '../test/raw-db';
import { RESERVE_MAX_BYTES } from '../store/storage-reserve';

const CHUNK = 64;
const QUOTA = 200 * 1024 * 1024;
const space = { usage: 0, quota: QUOTA };
let h: Harness;
let writer: CallContext;
let manager: CallContext;

beforeEach(async () => {
  space.usage = 0;
  h = await openHarness({
    storage: { chunkSize: CHUNK },
    storageEstimate: () => Promise.resolve({ ...space }),
  });
  const cos = (await h.engine.getSession()).instances.find((i) => i.kind === 'cos')?.id ?? '';
  writer = { userId: 'user-writer', instanceId: cos };
  manager = { userId: 'user-manager', instanceId: cos };
  await h.engine.createBucket(writer, { name: 'logs' });
});

/** Fills storage to within `free` bytes of the quota, as the browser would report it. */
function fill(free: number): void {
  space.usage = QUOTA - free;
  h.clock.advance(SECOND); // the estimate is read at most once a second
}

async function put(name: string, size: number): Promise<void> {
  const ticket = await h.engine.beginUpload(writer, 'logs', name, { size });
  for (let i = 0; i < ticket.chunkCount; i++)
    await h.engine.putUploadChunk(writer, ticket.uploadId, i, new ArrayBuffer(CHUNK));
  await h.engine.completeUpload(writer, ticket.uploadId);
}

describe('the storage reserve', () => {
  it('refuses what would store more, before writing, with a message that says what to free', async () => {
    fill(RESERVE_MAX_BYTES - 1);
    const before = await snapshot(h);
    const e = await expectError(
      h.engine.createKey(h.as('writer'), { name: 'more', extractable: false }),
      507,
      'STORAGE_FULL_ERR',
    );
    expect(e.message).toMatch(
      /nearly full .*nothing was saved.*delete objects or buckets, delete and purge keys/,
    );
    await expectError(
      h.engine.beginUpload(writer, 'logs', 'big', { size: 10 }),
      507,
      'STORAGE_FULL_ERR',
    );
    const after = await snapshot(h);
    for (const store of ['keys', 'keyVersions', 'uploads', 'objectChunks', 'objects'] as const)
      expect(after[store]).toEqual(before[store]);
    // The refusals themselves are recorded (their events use the reserve).
    const failures = (await rawEvents(h)).filter((e) => e.reason?.code === 'STORAGE_FULL_ERR');
    expect(failures.map((e) => e.action)).toEqual([
      'kms.secrets.create',
      'cloud-object-storage.object-multipart.start',
    ]);
  });

  it('an upload that reaches the reserve midway ends and leaves nothing staged', async () => {
    const ticket = await h.engine.beginUpload(writer, 'logs', 'half', { size: 3 * CHUNK });
    await h.engine.putUploadChunk(writer, ticket.uploadId, 0, new ArrayBuffer(CHUNK));
    fill(1024);
    await expectError(
      h.engine.putUploadChunk(writer, ticket.uploadId, 1, new ArrayBuffer(CHUNK)),
      507,
      'STORAGE_FULL_ERR',
    );
    for (const store of ['objectChunks', 'uploads', 'objects'] as const)
      expect(await readAll(h, store)).toEqual([]);
  });

  it('at the reserve, reads, object and bucket deletion, key deletion and purge still work; then space is free again', async () => {
    await put('old', 2 * CHUNK);
    const doomed = await h.engine.createKey(h.as('writer'), { name: 'doomed', extractable: false });
    await h.engine.deleteKey(h.as('manager'), doomed.id);
    h.clock.advance(4 * HOUR + SECOND);
    fill(1024);
    expect((await h.engine.listObjects(writer, 'logs')).total).toBe(1);
    await h.engine.listKeys(h.as('reader'));
    await h.engine.deleteObject(writer, 'logs', 'old');
    await h.engine.purgeKey(h.as('admin'), doomed.id);
    await h.engine.deleteBucket(manager, 'logs');
    const actions = (await rawEvents(h)).slice(-5).map((e) => [e.action, e.outcome]);
    expect(actions).toEqual([
      ['cloud-object-storage.bucket.list', 'success'],
      ['kms.secrets.list', 'success'],
      ['cloud-object-storage.object.delete', 'success'],
      ['kms.secrets.purge', 'success'],
      ['cloud-object-storage.bucket.delete', 'success'],
    ]);
    // Space freed: new writes work again.
    fill(QUOTA);
    await h.engine.createKey(h.as('writer'), { name: 'after', extractable: false });
    await h.engine.createBucket(writer, { name: 'logs-2' });
  });
});
