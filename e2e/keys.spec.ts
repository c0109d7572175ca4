/**
 * The first screen, end to end in real Chromium against the built app: UI → worker → engine →
 * IndexedDB → back, surviving a reload; and the role rules, in the UI and in the engine.
 */
import { expect, expectNoSeriousAxe, kmsContext, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

test('a Manager creates a root key, sees it listed, and it survives a reload', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await expect(page.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await keysPage.createKey({ name: 'payments-root', aliases: 'payments' });

  await expect(page.getByText('Key created')).toBeVisible();
  const row = keysPage.row('payments-root');
  await expect(row).toContainText('Root');
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('default');

  await page.reload();
  await expect(keysPage.row('payments-root')).toContainText('Enabled');

  // The engine recorded who did it.
  const manager = await kmsContext(page, 'user-manager');
  const events = await page.evaluate(
    async (ctx) => (await window.keyward.listEvents(ctx, { action: 'kms.secrets.create' })).events,
    manager,
  );
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ outcome: 'success', initiator: { id: 'user-manager' } });
});

test('a Writer creates a standard key; search finds it by alias', async ({ page, keysPage }) => {
  await keysPage.open();
  await keysPage.actAs('Wren Writer');
  await keysPage.createKey({ name: 'app-secret', type: 'Standard key', aliases: 'app-cfg' });
  await keysPage.createKey({ name: 'other-key' });
  await expect(keysPage.row('app-secret')).toContainText('Standard');

  await page.getByRole('searchbox').fill('alias:app-cfg');
  await expect(keysPage.row('app-secret')).toBeVisible();
  await expect(keysPage.row('other-key')).toHaveCount(0);
  await expect(page).toHaveURL(/q=alias%3Aapp-cfg/);
});

test('the create form explains bad input before sending it', async ({ page, keysPage }) => {
  await keysPage.open();
  await keysPage.createButton.click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await dialog.getByLabel('Name').fill('x');
  await expect(dialog.getByText('Name: use 2–90 characters (this has 1).')).toBeVisible();
  await dialog.getByLabel('Aliases (optional)').fill('wrap');
  await expect(dialog.getByText('"wrap": "wrap" is a reserved word.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
});

test('a Reader cannot create keys: the action is disabled with the reason, and the engine refuses', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await keysPage.createKey({ name: 'seen-by-reader' });
  await keysPage.actAs('Rhea Reader');
  await expect(keysPage.row('seen-by-reader')).toBeVisible();

  await expect(keysPage.createButton).toBeDisabled();
  await keysPage.createButton.locator('..').hover();
  await expect(page.getByRole('tooltip')).toContainText('needs the Writer role');

  // Persona survives a reload.
  await page.reload();
  await expect(page.getByTestId('acting-user')).toContainText('Rhea Reader');

  const reader = await kmsContext(page, 'user-reader');
  const refusal = await page.evaluate(async (ctx) => {
    try {
      await window.keyward.createKey(ctx, { name: 'sneaky', extractable: false });
      return 'created';
    } catch (error) {
      const e = error as { status: number; code: string; message: string };
      return { status: e.status, code: e.code, message: e.message };
    }
  }, reader);
  expect(refusal).toEqual({
    status: 403,
    code: 'UNAUTHORIZED_ERR',
    message: expect.stringContaining('needs the Writer role') as unknown as string,
  });
});

test('the keys page has no serious accessibility violations, empty and filled', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await expectNoSeriousAxe(page);
  await keysPage.createKey({ name: 'a11y-key' });
  await expect(keysPage.row('a11y-key')).toBeVisible();
  await expectNoSeriousAxe(page);
  await keysPage.createButton.click();
  await expect(page.getByRole('dialog', { name: 'Create key' })).toBeVisible();
  // Let the modal finish fading in: mid-fade text would measure as low contrast.
  await expect(page.locator('.cds--modal.is-visible')).toHaveCSS('opacity', '1');
  await expectNoSeriousAxe(page);
});

test('a key created in one tab appears in another tab without a reload', async ({
  page,
  context,
  keysPage,
}) => {
  await keysPage.open();
  const second = await context.newPage();
  const secondKeys = new KeysPage(second);
  await secondKeys.open();
  await expect(second.getByRole('heading', { name: 'No keys yet' })).toBeVisible();

  await keysPage.createKey({ name: 'shared-across-tabs' });
  await expect(secondKeys.row('shared-across-tabs')).toContainText('Enabled');
  await expect(page.getByTestId('acting-user')).toContainText('Max Manager');
});
