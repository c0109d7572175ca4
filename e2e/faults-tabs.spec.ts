/**
 * Faults with tabs in real Chromium (issue 14): a browser closed in the middle of an upload and
 * in the middle of a rotation's rewrap (a persistent profile, reopened: nothing half-written, the
 * rewrap done exactly once), two tabs racing on one key (one wins, the other gets Key Protect's
 * refusal, storage consistent), and two tabs on one rewrap job (it runs once).
 *
 * Counting is done on the stored events (IndexedDB read directly in the page), not on what the
 * console shows.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHUNK_SIZE } from '../src/domain/object-format';
import type { AuditEvent } from '../src/domain/types';
import { chromiumLaunchOptions } from './chromium.mjs';
import { expect, ShellPage, test } from './fixtures';
import { rawEvents } from './raw-events';

type Ctx = { userId: string; instanceId: string };
interface Contexts {
  manager: Ctx;
  admin: Ctx;
  writer: Ctx;
  kms: string;
  cos: string;
}

// Seeding a few hundred objects takes a while on a loaded machine.
test.describe.configure({ timeout: 240_000 });

async function contexts(page: Page): Promise<Contexts> {
  return page.evaluate(async () => {
    const session = await window.keyward.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms')?.id ?? '';
    const cos = session.instances.find((i) => i.kind === 'cos')?.id ?? '';
    return {
      kms,
      cos,
      manager: { userId: 'user-manager', instanceId: kms },
      admin: { userId: 'user-admin', instanceId: kms },
      writer: { userId: 'user-writer', instanceId: cos },
    };
  });
}

/** Every record of one IndexedDB store, read directly (not through the engine). */
function rawStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open('keyward');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as T[]);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );
}

/** The keys page, once its engine answers (a fresh profile's first start is slow under load). */
const openKeys = (page: Page) => new ShellPage(page).openPage('/keys', 'Keys');

/**
 * A root key, an authorization for object storage to use it, and a bucket protected by it with
 * `count` small objects. Returns the key's id and first version.
 */
async function seedBucket(
  page: Page,
  c: Contexts,
  bucket: string,
  count: number,
): Promise<{ keyId: string; versionId: string }> {
  return page.evaluate(
    async ({ c, bucket, count }) => {
      const api = window.keyward;
      const key = await api.createKey(c.manager, { name: `${bucket}-root`, extractable: false });
      await api.createAuthorization(c.admin, {
        sourceInstanceId: c.cos,
        targetInstanceId: c.kms,
        role: 'Reader',
      });
      await api.createBucket(c.writer, {
        name: bucket,
        encryption: { type: 'customer', keyCrn: key.crn },
      });
      const put = async (i: number) => {
        const ticket = await api.beginUpload(c.writer, bucket, `object-${i}`, { size: 16 });
        await api.putUploadChunk(c.writer, ticket.uploadId, 0, new Uint8Array(16).fill(i).buffer);
        await api.completeUpload(c.writer, ticket.uploadId);
      };
      // A few at a time: faster than one by one, gentle on a loaded machine.
      for (let i = 0; i < count; i += 10)
        await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => put(i + j)));
      return { keyId: key.id, versionId: key.keyVersion.id };
    },
    { c, bucket, count },
  );
}

/** What the stored events say about the rewrap of `bucket` under `keyId`. */
async function rewrapCounts(page: Page, keyId: string, bucket: string) {
  const events = await rawEvents(page);
  const ofBucket = (e: AuditEvent) => e.target.crn.endsWith(`:bucket:${bucket}`);
  return {
    notified: events.filter(
      (e) => e.action === 'kms.registrations.notify' && e.target.keyId === keyId,
    ).length,
    acknowledged: events.filter((e) => e.action === 'kms.secrets-event.ack' && ofBucket(e)).length,
    finished: events.filter(
      (e) =>
        e.action === 'cloud-object-storage.bucket-key-state.update' &&
        e.outcome === 'success' &&
        ofBucket(e),
    ).length,
    // Every object's DEK rewrapped: one item per object in the batch rewrap events.
    itemsRewrapped: events
      .filter((e) => e.action === 'kms.secrets.rewrap' && e.target.keyId === keyId && e.items)
      .reduce((n, e) => n + (e.items?.filter((i) => i.outcome === 'success').length ?? 0), 0),
  };
}

async function withProfile(
  baseURL: string | undefined,
  run: (open: () => Promise<{ context: BrowserContext; page: Page }>) => Promise<void>,
): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'keyward-faults-'));
  try {
    await run(async () => {
      const context = await chromium.launchPersistentContext(profile, {
        ...chromiumLaunchOptions(),
        baseURL: baseURL ?? '',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await openKeys(page);
      return { context, page };
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

test('the browser closed in the middle of an upload: on reopen nothing is half-written', async ({
  baseURL,
}) => {
  await withProfile(baseURL, async (open) => {
    const first = await open();
    const c = await contexts(first.page);
    // Three chunks' worth; the browser goes away after the first.
    const size = 3 * DEFAULT_CHUNK_SIZE;
    const uploadId = await first.page.evaluate(
      async ({ c, size }) => {
        const api = window.keyward;
        await api.createBucket(c.writer, { name: 'half-written' });
        const ticket = await api.beginUpload(c.writer, 'half-written', 'big.bin', { size });
        await api.putUploadChunk(
          c.writer,
          ticket.uploadId,
          0,
          new Uint8Array(ticket.chunkSize).fill(1).buffer,
        );
        return ticket.uploadId;
      },
      { c, size },
    );
    expect(await rawStore(first.page, 'uploads')).toHaveLength(1);
    expect(await rawStore(first.page, 'objectChunks')).toHaveLength(1);
    // The browser goes away with the upload one chunk in.
    await first.context.close();

    const second = await open();
    // The upload's tab is gone: its staged chunk is swept at once, and the sweep is audited.
    await expect.poll(() => rawStore(second.page, 'uploads'), { timeout: 20_000 }).toEqual([]);
    expect(await rawStore(second.page, 'objectChunks')).toEqual([]);
    const after = await second.page.evaluate(
      async ({ c, uploadId }) => {
        const api = window.keyward;
        const listed = (await api.listObjects(c.writer, 'half-written')).objects.length;
        let resumed = 'answered';
        try {
          await api.putUploadChunk(c.writer, uploadId, 1, new Uint8Array(16).buffer);
        } catch (error) {
          resumed = (error as { code: string }).code;
        }
        return { listed, resumed };
      },
      { c, uploadId },
    );
    expect(after).toEqual({ listed: 0, resumed: 'UPLOAD_NOT_FOUND_ERR' });
    const swept = (await rawEvents(second.page)).filter(
      (e) =>
        e.action === 'cloud-object-storage.object-multipart.abort' && e.correlationId === uploadId,
    );
    expect(swept).toHaveLength(1);
    expect(swept[0]?.initiator.id).toBe('system');
    // The bucket still takes a whole upload.
    await second.page.evaluate(async (c) => {
      const api = window.keyward;
      const ticket = await api.beginUpload(c.writer, 'half-written', 'small.bin', { size: 8 });
      await api.putUploadChunk(c.writer, ticket.uploadId, 0, new Uint8Array(8).buffer);
      await api.completeUpload(c.writer, ticket.uploadId);
    }, c);
    await expect.poll(async () => (await rawStore(second.page, 'objects')).length).toBe(1);
    await second.context.close();
  });
});

test('the browser closed in the middle of a rotation’s rewrap: on reopen it is done exactly once', async ({
  baseURL,
}) => {
  const count = 300; // three rewrap steps of 100
  await withProfile(baseURL, async (open) => {
    const first = await open();
    const c = await contexts(first.page);
    const { keyId, versionId } = await seedBucket(first.page, c, 'many', count);
    const doneAtClose = await first.page.evaluate(
      async ({ c, keyId }) => {
        const api = window.keyward;
        await api.rotate(c.manager, keyId);
        // Close as soon as part of the rewrap is done.
        for (let i = 0; i < 400; i++) {
          const { rewrap } = await api.getBucket(c.writer, 'many');
          if (rewrap && rewrap.done > 0) return rewrap.state === 'done' ? -1 : rewrap.done;
          await new Promise((r) => setTimeout(r, 10));
        }
        return 0;
      },
      { c, keyId },
    );
    await first.context.close();
    // The close fell in the middle of the rewrap, as meant.
    expect(doneAtClose).toBeGreaterThan(0);
    expect(doneAtClose).toBeLessThan(count);

    const second = await open();
    await expect
      .poll(
        () =>
          second.page.evaluate(
            async (c) => (await window.keyward.getBucket(c.writer, 'many')).rewrap?.state,
            c,
          ),
        { timeout: 60_000 },
      )
      .toBe('done');
    const objects = await second.page.evaluate(
      async (c) => (await window.keyward.listObjects(c.writer, 'many')).objects,
      c,
    );
    expect(objects).toHaveLength(count);
    const current = await second.page.evaluate(
      async ({ c, keyId }) => (await window.keyward.getKeyMetadata(c.manager, keyId)).keyVersion.id,
      { c, keyId },
    );
    expect(current).not.toBe(versionId);
    expect(new Set(objects.map((o) => o.keyVersionId))).toEqual(new Set([current]));
    await expect
      .poll(() => rewrapCounts(second.page, keyId, 'many'))
      .toEqual({ notified: 1, acknowledged: 1, finished: 1, itemsRewrapped: count });
    await second.context.close();
  });
});

test('two tabs racing on one key: one wins each race, the other gets the refusal, storage consistent', async ({
  context,
  page,
}) => {
  await openKeys(page);
  const other = await context.newPage();
  await openKeys(other);
  const c = await contexts(page);
  const keyId = await page.evaluate(
    async (c) =>
      (await window.keyward.createKey(c.manager, { name: 'raced', extractable: false })).id,
    c,
  );
  const race = (method: 'rotate' | 'disableKey' | 'deleteKey') =>
    Promise.all(
      [page, other].map((p) =>
        p.evaluate(
          async ({ c, keyId, method }) => {
            try {
              await window.keyward[method](c.manager, keyId);
              return 'ok';
            } catch (error) {
              return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
            }
          },
          { c, keyId, method },
        ),
      ),
    );
  expect((await race('rotate')).sort()).toEqual(['409 KEY_ROTATION_NOT_PERMITTED', 'ok']);
  expect((await race('disableKey')).sort()).toEqual(['409 KEY_ACTION_INVALID_STATE_ERR', 'ok']);
  expect((await race('deleteKey')).sort()).toEqual(['410 KEY_DELETED_ERR', 'ok']);
  const state = await other.evaluate(
    async ({ c, keyId }) => {
      const api = window.keyward;
      const key = await api.getKeyMetadata(c.manager, keyId);
      const versions = await api.getKeyVersions(c.manager, keyId);
      return { state: key.state, versions: versions.total };
    },
    { c, keyId },
  );
  expect(state).toEqual({ state: 5, versions: 2 });
  const events = (await rawEvents(page)).filter((e) => e.target.keyId === keyId);
  for (const action of ['kms.secrets.rotate', 'kms.secrets.disable', 'kms.secrets.delete']) {
    const outcomes = events.filter((e) => e.action === action).map((e) => e.outcome);
    expect(outcomes.sort(), action).toEqual(['failure', 'success']);
  }
});

test('two tabs on one rewrap job: it runs once, and the other tab finishes it when the first closes', async ({
  context,
  page,
}) => {
  const count = 300;
  await openKeys(page);
  const c = await contexts(page);
  const { keyId } = await seedBucket(page, c, 'shared', count);
  await page.evaluate(
    async ({ c, keyId }) => {
      await window.keyward.rotate(c.manager, keyId);
    },
    { c, keyId },
  );
  // A second tab opens while the first runs the job (its engine resumes running jobs on open).
  const other = await context.newPage();
  await openKeys(other);
  await expect
    .poll(() =>
      other.evaluate(
        async (c) => (await window.keyward.getBucket(c.writer, 'shared')).rewrap?.done ?? 0,
        c,
      ),
    )
    .toBeGreaterThan(0);
  // The first tab closes mid-job: the second takes the job over.
  await page.close();
  await expect
    .poll(
      () =>
        other.evaluate(
          async (c) => (await window.keyward.getBucket(c.writer, 'shared')).rewrap?.state,
          c,
        ),
      { timeout: 60_000 },
    )
    .toBe('done');
  await expect
    .poll(() => rewrapCounts(other, keyId, 'shared'))
    .toEqual({ notified: 1, acknowledged: 1, finished: 1, itemsRewrapped: count });
});
