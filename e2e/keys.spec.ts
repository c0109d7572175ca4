/**
 * The first screen, end to end in real Chromium against the built app: UI → worker → engine →
 * IndexedDB → back, surviving a reload; and the role rules, in the UI and in the engine.
 */
import { expect, kmsContext, test } from './fixtures';
import { sideNavRight } from './layout-seed';
import { KeysPage } from './pages/keys-page';

test('a Manager creates a root key, sees it listed, and it survives a reload', async ({
  page,
  keysPage,
  engine,
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
  const manager = await engine.kms('user-manager');
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
  engine,
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

  const reader = await engine.kms('user-reader');
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
    status: 401,
    code: 'UNAUTHORIZED_ERR',
    message: expect.stringContaining('needs the Writer role') as unknown as string,
  });
});

test('the keys page has no serious accessibility violations, empty and filled', async ({
  page,
  keysPage,
  axe,
}) => {
  await keysPage.open();
  await axe.expectNoSerious();
  await keysPage.createKey({ name: 'a11y-key' });
  await expect(keysPage.row('a11y-key')).toBeVisible();
  await axe.expectNoSerious();
  await keysPage.createButton.click();
  await expect(page.getByRole('dialog', { name: 'Create key' })).toBeVisible();
  // Let the modal finish fading in: mid-fade text would measure as low contrast.
  await expect(page.locator('.cds--modal.is-visible')).toHaveCSS('opacity', '1');
  await axe.expectNoSerious();
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

test('sort, filter and page are answered by the engine, live in the URL, and back restores them', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await engine.seedKeys(45);
  await page.goto('/keys?size=20');
  await expect(page.getByText('45 keys', { exact: true })).toBeVisible();
  await expect(keysPage.table.getByRole('row')).toHaveCount(21); // header + 20

  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('key-00');
  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('key-44');

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('key-24');

  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('key-44');

  // A deep link with filters: standard keys only (every 4th: 12 of 45).
  await page.goto('/keys?type=standard&sort=name');
  await expect(page.getByText('12 keys match the search and filters')).toBeVisible();
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('key-00');
  await expect(keysPage.table.getByRole('row').nth(2)).toContainText('key-04');
});

test('a list of more than 100 pages takes a typed page number instead of a page select', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await engine.seedManyKeys(2_050);
  await page.goto('/keys?size=20&sort=name');
  await expect(page.getByText(/^2,?050 keys$/)).toBeVisible();
  await expect(page.getByText('of 103 pages', { exact: true })).toBeVisible();
  // No select with an option per page.
  await expect(page.getByRole('combobox', { name: /Page of/ })).toHaveCount(0);
  const field = page.getByRole('textbox', { name: 'Page number, of 103 pages' });
  await expect(field).toHaveValue('1');
  await field.fill('77');
  await field.press('Enter');
  await expect(page).toHaveURL(/page=77/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('bulk-1520');
  // Past the end goes to the last page; the arrows move the field's page.
  await field.fill('500');
  await field.press('Enter');
  await expect(page).toHaveURL(/page=103/);
  await expect(field).toHaveValue('103');
  await expect(keysPage.table.getByRole('row')).toHaveCount(11); // header + 10
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(field).toHaveValue('102');
  await expect(page).toHaveURL(/page=102/);
  // At a phone's width Carbon hides its page select and keeps only the arrows; the field stays.
  await page.setViewportSize({ width: 600, height: 900 });
  await expect(page.getByText('of 103 pages', { exact: true })).toBeHidden();
  await expect(field).toBeVisible();
  await field.fill('3');
  await field.press('Enter');
  await expect(page).toHaveURL(/page=3/);
  await expect(keysPage.table.getByRole('row').nth(1)).toContainText('bulk-0040');
});

test('deleted keys are hidden until the state filter asks for them', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await engine.seedKeys(3);
  const manager = await engine.kms('user-manager');
  await page.evaluate(async (ctx) => {
    const { keys } = await window.keyward.listKeys(ctx, { search: 'exact:key-01' });
    await window.keyward.deleteKey(ctx, keys[0]?.id ?? '');
  }, manager);
  await page.reload();
  await expect(page.getByText('2 keys', { exact: true })).toBeVisible();
  await page.goto('/keys?state=5');
  await expect(keysPage.row('key-01')).toContainText('Deleted');
  await expect(keysPage.table.getByRole('row')).toHaveCount(2);
});

test('the row menu follows state and role: a Manager disables a key; a Reader sees why not', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await keysPage.createKey({ name: 'menu-key' });
  await keysPage.row('menu-key').getByRole('button', { name: 'Actions for menu-key' }).click();
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  await expect(page.getByText('Disabled 1 key')).toBeVisible();
  await expect(keysPage.row('menu-key')).toContainText('Disabled');

  await keysPage.actAs('Rhea Reader');
  await keysPage.row('menu-key').getByRole('button', { name: 'Actions for menu-key' }).click();
  await expect(page.getByRole('menuitem', { name: 'Enable (needs Manager)' })).toBeDisabled();
  await expect(page.getByRole('menuitem', { name: 'Delete (needs Manager)' })).toBeDisabled();
});

test('batch actions: a Manager disables two keys, then deletes them after typing the phrase', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await engine.seedKeys(3);
  await page.reload();
  await keysPage.row('key-01').getByRole('checkbox').check({ force: true });
  await keysPage.row('key-02').getByRole('checkbox').check({ force: true });
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByText('Disabled 2 keys')).toBeVisible();
  await expect(keysPage.row('key-01')).toContainText('Disabled');
  await expect(keysPage.row('key-00')).toContainText('Enabled');

  await keysPage.row('key-01').getByRole('checkbox').check({ force: true });
  await keysPage.row('key-02').getByRole('checkbox').check({ force: true });
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 keys' });
  await expect(dialog.getByRole('button', { name: 'Delete 2 keys' })).toBeDisabled();
  await dialog.getByRole('textbox').fill('delete 2 keys');
  await dialog.getByRole('button', { name: 'Delete 2 keys' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('1 key', { exact: true })).toBeVisible();

  const manager = await engine.kms('user-manager');
  const deleted = await page.evaluate(
    async (ctx) =>
      (await window.keyward.listKeys(ctx, { state: [5] })).keys.map((k) => k.name).sort(),
    manager,
  );
  expect(deleted).toEqual(['key-01', 'key-02']);
});

test('a Writer selecting keys is told batch disable needs a Manager', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await engine.seedKeys(2);
  await keysPage.actAs('Wren Writer');
  await keysPage.row('key-00').getByRole('checkbox').check({ force: true });
  // Disabled before it is tried, saying why (it used to answer with a toast).
  await expect(page.getByRole('button', { name: 'Disable (needs Manager)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete (needs Manager)' })).toBeDisabled();
  await expect(keysPage.row('key-00')).toContainText('Enabled');
});

test('two tabs act as two different people', async ({ context, keysPage }) => {
  await keysPage.open();
  const second = new KeysPage(await context.newPage());
  await second.open();
  await second.actAs('Wren Writer');
  await keysPage.createKey({ name: 'made-by-manager' });
  await expect(second.row('made-by-manager')).toBeVisible();
  await expect(second.page.getByTestId('acting-user')).toContainText('Wren Writer');
  await expect(keysPage.page.getByTestId('acting-user')).toContainText('Max Manager');
});

test('a list the engine refuses shows its reason with Retry, and the page still works', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await page.goto('/keys?ring=not%20a%20ring!');
  await expect(page.getByText('Could not load keys: Check the input')).toBeVisible();
  await expect(page.getByText('keyRingID: use only letters, digits and "-"')).toBeVisible();
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Could not load keys: Check the input')).toBeVisible();
  await page.getByRole('link', { name: 'Keys' }).click();
  await expect(page.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
});

test('at 600, 1024, 1280 and 1440 px the keys table fits: long names are cut, the row menu and state stay in view; a hidden column can be shown', async ({
  page,
  shell,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shell.boot('/keys', 60_000);
  const writer = await kmsContext(page, 'user-writer');
  await page.evaluate(async (w) => {
    // 79 characters with the suffix.
    const long = 'payments-ledger-eu-west-production-envelope-root-key-for-the-quarterly-close';
    const expires = new Date(Date.parse((await window.keyward.getSession()).now) + 90 * 864e5);
    for (let i = 0; i < 4; i++)
      await window.keyward.createKey(w, {
        name: `${long}-0${i}`,
        description: `The envelope root key of the eu-west production ledger, number ${i}, used at the quarterly close`,
        extractable: false,
        aliases: [`alias-number-${i}-for-this-key-in-eu-west`, `second-alias-${i}`],
        expirationDate: expires.toISOString(),
      });
  }, writer);
  await page.goto('/keys');
  const row = page.locator('.kw-keys-table tbody tr').first();
  await expect(row).toContainText('payments-ledger', { timeout: 30_000 });
  expect(await row.getByRole('link').first().getAttribute('title')).toHaveLength(79);

  for (const width of [600, 1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    const navRight = await sideNavRight(page);
    const fit = await page.evaluate(() => {
      const content = document.querySelector('.cds--data-table-content') as HTMLElement;
      const first = document.querySelector('.kw-keys-table tbody tr') as HTMLElement;
      const buttons = first.querySelectorAll('button');
      const menu = (buttons.item(buttons.length - 1) as HTMLElement).getBoundingClientRect();
      const tag = (first.querySelector('.cds--tag') as HTMLElement).getBoundingClientRect();
      return {
        scrollWidth: content.scrollWidth,
        clientWidth: content.clientWidth,
        menu: [menu.left, menu.right],
        tag: [tag.left, tag.right],
        window: window.innerWidth,
      };
    });
    expect(fit.scrollWidth, `at ${width} px`).toBeLessThanOrEqual(fit.clientWidth + 1);
    for (const [what, [left, right]] of [
      ['row menu', fit.menu],
      ['state', fit.tag],
    ] as const) {
      expect(left, `${what} at ${width} px`).toBeGreaterThanOrEqual(navRight);
      expect(right, `${what} at ${width} px`).toBeLessThanOrEqual(fit.window);
    }
    await expect(row.getByText('Enabled')).toBeVisible();
  }

  // At 600 px the table leaves out Aliases by default; the column settings show it.
  await page.setViewportSize({ width: 600, height: 900 });
  const header = page.getByRole('table', { name: 'Keys' }).getByRole('columnheader');
  await expect(header.filter({ hasText: 'Aliases' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Column settings' }).click();
  const aliasesBox = page.getByRole('checkbox', { name: 'Aliases' });
  await expect(aliasesBox).not.toBeChecked();
  await aliasesBox.check({ force: true });
  await expect(header.filter({ hasText: 'Aliases' })).toHaveCount(1);
  // The choice is remembered.
  await page.reload();
  await expect(header.filter({ hasText: 'Aliases' })).toHaveCount(1, { timeout: 30_000 });
  // The whole name is the link's title.
  await expect(row.getByRole('link').first()).toHaveAttribute('title', /quarterly-close-03$/);
});

test('at 600 px the batch actions of selected keys wrap inside the window', async ({
  page,
  keysPage,
  engine,
}) => {
  await page.setViewportSize({ width: 600, height: 900 });
  await keysPage.open();
  await engine.seedKeys(2);
  await page.reload();
  // One key selected: "Enable (not in this state)" is the widest of the bar's buttons.
  await keysPage.row('key-01').getByRole('checkbox').check({ force: true });
  const bar = page.locator('.cds--batch-actions--active');
  await expect(bar.getByRole('button', { name: 'Cancel' })).toBeVisible();
  const outside = await bar.evaluate((el) =>
    [...el.querySelectorAll('button')]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 2 && (r.left < 0 || r.right > window.innerWidth + 1);
      })
      .map((b) => b.textContent),
  );
  expect(outside).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);
});
