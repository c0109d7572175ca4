/**
 * Faults in real Chromium (issue 14): another tab upgrading the database schema (this tab says
 * so and offers a reload, nothing lost), and storage filling up in the middle of an upload
 * (the upload ends leaving nothing staged; deleting still works at the quota).
 */
import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

test('another tab upgrading the schema: this tab says to reload, and nothing saved is lost', async ({
  page,
  context,
  engine,
}) => {
  const keys = new KeysPage(page);
  await keys.open();
  const manager = await engine.kms('user-manager');
  const keyId = await page.evaluate(
    async (ctx) =>
      (await window.keyward.createKey(ctx, { name: 'before-upgrade', extractable: false })).id,
    manager,
  );
  // Another tab of the same origin opens a newer version of the database.
  const other = await context.newPage();
  await other.goto('/');
  const upgraded = await other.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('keyward', 1000);
        request.onsuccess = () => {
          const version = request.result.version;
          request.result.close();
          resolve(version);
        };
        request.onerror = () => reject(request.error);
      }),
  );
  expect(upgraded).toBe(1000);
  // This tab stops with a clear message and a reload, never a 500 on every call.
  const notice = page.getByText('Keyward was updated in another tab', { exact: true });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/reload this tab to continue/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  const code = await page.evaluate(async (ctx) => {
    try {
      await window.keyward.listKeys(ctx);
      return 'answered';
    } catch (error) {
      return (error as Error).message;
    }
  }, manager);
  expect(code).toMatch(/updated in another tab/);
  await page.screenshot({ path: '/tmp/shots-hardening/upgraded-elsewhere.png' });
  // The key written before the upgrade is still in the database.
  const stored = await other.evaluate(
    (keyId) =>
      new Promise<boolean>((resolve, reject) => {
        const request = indexedDB.open('keyward');
        request.onsuccess = () => {
          const get = request.result.transaction('keys').objectStore('keys').get(keyId);
          get.onsuccess = () => {
            request.result.close();
            resolve(get.result !== undefined);
          };
        };
        request.onerror = () => reject(request.error);
      }),
    keyId,
  );
  expect(stored).toBe(true);
});

test('storage fills up mid-upload: the upload ends leaving nothing, and deleting still works at the quota', async ({
  page,
  baseURL,
  engine,
}) => {
  // Chromium applies a quota override when it opens the origin's IndexedDB, so set it first.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(baseURL ?? '').origin,
    quotaSize: 6 * 1024 * 1024,
  });
  const keys = new KeysPage(page);
  await keys.open();
  const writer = await engine.cos('user-writer');
  const manager = await engine.cos('user-manager');
  const result = await page.evaluate(
    async ({ writer, manager }) => {
      const api = window.keyward;
      await api.createBucket(writer, { name: 'fill' });
      const put = async (name: string, size: number) => {
        const ticket = await api.beginUpload(writer, 'fill', name, { size });
        for (let i = 0; i < ticket.chunkCount; i++) {
          const length = Math.min(ticket.chunkSize, size - i * ticket.chunkSize);
          const bytes = crypto.getRandomValues(new Uint8Array(Math.min(length, 65536)));
          const chunk = new Uint8Array(length);
          for (let at = 0; at < length; at += bytes.length)
            chunk.set(bytes.subarray(0, Math.min(bytes.length, length - at)), at);
          await api.putUploadChunk(writer, ticket.uploadId, i, chunk.buffer);
        }
        await api.completeUpload(writer, ticket.uploadId);
      };
      await put('first', 1024 * 1024);
      let failure = 'none';
      try {
        await put('too-big', 12 * 1024 * 1024);
      } catch (error) {
        failure = `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      const listed = (await api.listObjects(writer, 'fill')).objects.map((o) => o.name);
      await api.deleteObject(writer, 'fill', 'first');
      const after = (await api.listObjects(manager, 'fill')).objects.map((o) => o.name);
      await api.deleteBucket(manager, 'fill');
      return { failure, listed, after };
    },
    { writer, manager },
  );
  expect(result.failure).toMatch(
    /^STORAGE_FULL_ERR: The browser storage for Keyward is (nearly )?full/,
  );
  expect(result.listed).toEqual(['first']);
  expect(result.after).toEqual([]);
});
