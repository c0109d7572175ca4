/**
 * Durability in real Chromium: a write refused because storage is full gives a clear error and
 * keeps nothing; state survives closing and reopening the browser profile.
 */
import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './chromium.mjs';
import { expect, kmsContext, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

test('when storage is full, creating a key fails with a clear error and stores nothing', async ({
  page,
  keysPage,
  baseURL,
}) => {
  // Chromium applies a quota override when it opens the origin's IndexedDB, so set it first.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(baseURL ?? '').origin,
    quotaSize: 200_000,
  });
  await keysPage.open();

  // Fill the storage through the real engine until it refuses.
  const manager = await kmsContext(page, 'user-manager');
  const fill = () =>
    page.evaluate(async (ctx) => {
      for (let i = 0; i < 1000; i++) {
        try {
          await window.keyward.createKey(ctx, {
            name: `filler-${crypto.randomUUID()}`,
            extractable: false,
            description: 'x'.repeat(200),
          });
        } catch (error) {
          return {
            code: (error as { code: string }).code,
            total: (await window.keyward.listKeys(ctx)).total,
          };
        }
      }
      return { code: 'none', total: -1 };
    }, manager);
  expect((await fill()).code).toBe('STORAGE_FULL_ERR');

  // After a reload the browser may have compacted the database: fill what it freed, too.
  await page.reload();
  await expect(keysPage.createButton).toBeEnabled({ timeout: 15_000 });
  const filled = await fill();
  expect(filled.code).toBe('STORAGE_FULL_ERR');
  await keysPage.createButton.click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('too-much');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByText('Storage full')).toBeVisible();
  await expect(dialog.getByText(/nothing was saved/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await expect(page.getByText(`${filled.total} keys`)).toBeVisible();
  await page.getByRole('searchbox').fill('exact:too-much');
  await expect(page.getByText('No keys match')).toBeVisible();
});

test('keys survive closing the browser and opening the same profile again', async ({ baseURL }) => {
  const profile = await mkdtemp(join(tmpdir(), 'keyward-profile-'));
  try {
    const open = () =>
      chromium.launchPersistentContext(profile, {
        ...chromiumLaunchOptions(),
        baseURL: baseURL ?? '',
      });
    const first = await open();
    const firstPage = new KeysPage(first.pages()[0] ?? (await first.newPage()));
    await firstPage.open();
    await firstPage.createKey({ name: 'durable-key' });
    await expect(firstPage.row('durable-key')).toBeVisible();
    await first.close();

    const second = await open();
    const secondPage = new KeysPage(second.pages()[0] ?? (await second.newPage()));
    await secondPage.open();
    await expect(secondPage.row('durable-key')).toContainText('Enabled');
    await second.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
