/**
 * Issue 15 section 5, "every screen right": what a person sees, asserted in Chromium. Each test
 * pins one screen defect that was fixed (label readable on hover, panels inside the window, errors
 * where the eye is, filters that do what they say).
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

/** WCAG contrast ratio of an element's text colour on its own background colour. */
async function ownContrast(control: Locator): Promise<number> {
  return control.evaluate((el) => {
    const style = getComputedStyle(el);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r = 0, g = 0, b = 0] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
  });
}

for (const theme of ['white', 'g100'] as const) {
  test(`danger buttons keep a readable label on hover (${theme})`, async ({
    page,
    engine,
    shell,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/access');
    await shell.setThemeNextLoad(theme);
    await shell.actAs('Ada Admin');
    const pages: [string, string, RegExp][] = [
      ['/access', 'Access', /^Remove Rhea Reader$/],
      ['/authorizations', 'Authorizations', /^Delete /],
      ['/resources', 'Resources', /^Delete /],
    ];
    for (const [path, heading, name] of pages) {
      if (path === '/authorizations') {
        await engine.authorizeStorage();
      }
      await shell.openPage(path, heading);
      const button = page.getByRole('button', { name }).first();
      await button.hover();
      await expect
        .poll(() => ownContrast(button), { message: `${path} on hover` })
        .toBeGreaterThan(4.5);
      await page.mouse.move(0, 0);
    }
  });
}

/** The element's box lies inside the other's box (and so is not clipped by it). */
async function expectInside(inner: Locator, outer: Locator, what: string): Promise<void> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a, what).not.toBeNull();
  expect(b, what).not.toBeNull();
  if (!a || !b) return;
  expect(a.x, `${what}: left edge`).toBeGreaterThanOrEqual(b.x - 0.5);
  expect(a.x + a.width, `${what}: right edge`).toBeLessThanOrEqual(b.x + b.width + 0.5);
}

for (const width of [1440, 1024, 600]) {
  test(`the demo clock panel shows all its text and steps at ${width} px`, async ({
    page,
    shell,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    await shell.openPage('/keys', 'Keys');
    await shell.actAs('Ada Admin');
    const panel = await shell.openClock();
    await expect(panel).toBeVisible();
    const steps = panel.getByRole('group', { name: 'Advance time' }).getByRole('button');
    await expect(steps).toHaveCount(7);
    for (const step of await steps.all()) await expectInside(step, panel, await step.innerText());
    await expectInside(panel.getByText(/^Demo mode:/), panel, 'help text');
    const box = await panel.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    // The section itself is no wider than the header panel that clips it.
    const clip = page.locator('.cds--header-panel--expanded');
    await expectInside(panel, clip, 'panel inside header panel');
  });
}

test('the tooltip of a disabled button stays clear of the side navigation', async ({
  page,
  shell,
}) => {
  await page.setViewportSize({ width: 1440, height: 800 });
  await shell.openPage('/keys', 'Keys');
  await shell.actAs('Rhea Reader');
  const create = page.getByRole('button', { name: 'Create key' }).first();
  await expect(create).toBeDisabled();
  await create.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
  const tip = page.locator('.cds--popover--open .cds--popover-content').filter({
    hasText: 'this needs the Writer role',
  });
  await expect(tip).toBeVisible();
  const nav = await page.getByRole('navigation', { name: 'Side navigation' }).boundingBox();
  const box = await tip.boundingBox();
  expect(box?.x ?? 0).toBeGreaterThanOrEqual((nav?.x ?? 0) + (nav?.width ?? 0));
});

test('create key: a refusal shows where the eye is, and a field error takes focus', async ({
  page,
  engine,
  shell,
}) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await shell.openPage('/keys', 'Keys');
  const ctx = await engine.kms('user-manager');
  await page.evaluate(
    (c) => window.keyward.createKey(c, { name: 'first', extractable: false, aliases: ['taken'] }),
    ctx,
  );
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('second');
  await dialog.getByLabel('Aliases (optional)').fill('taken');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const refusal = dialog.locator('.cds--inline-notification--error');
  await expect(refusal).toBeVisible();
  await expect(refusal).toBeInViewport({ ratio: 0.9 });
});

test('clearing the state filter shows keys in every state, not none', async ({
  page,
  engine,
  shell,
}) => {
  await shell.openPage('/keys', 'Keys');
  const ctx = await engine.kms('user-manager');
  await page.evaluate(async (c) => {
    await window.keyward.createKey(c, { name: 'kept', extractable: false });
    const gone = await window.keyward.createKey(c, { name: 'gone', extractable: false });
    await window.keyward.deleteKey(c, gone.id);
  }, ctx);
  const table = page.getByRole('table', { name: 'Keys' });
  await expect(table.getByRole('row').filter({ hasText: 'kept' })).toBeVisible();
  // The state filter is the toolbar's only multi-select: its tag holds the count and a clear button.
  await page
    .getByRole('button', { name: /^Clear selected item/ })
    .first()
    .click();
  await expect(table.getByRole('row').filter({ hasText: 'gone' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'kept' })).toBeVisible();
});

test('an instance whose only key is deleted still offers search, filters and the deleted key', async ({
  page,
  engine,
  shell,
}) => {
  await shell.openPage('/keys', 'Keys');
  const ctx = await engine.kms('user-manager');
  await page.evaluate(async (c) => {
    const only = await window.keyward.createKey(c, { name: 'the-only-key', extractable: false });
    await window.keyward.deleteKey(c, only.id);
  }, ctx);
  await expect(page.getByText('No keys yet')).toHaveCount(0);
  await expect(page.getByRole('searchbox', { name: 'Search keys' })).toBeVisible();
  await expect(page.getByText(/1 deleted key is kept for 30 days/)).toBeVisible();
  await page.getByRole('button', { name: 'Show deleted keys' }).click();
  const row = page.getByRole('table', { name: 'Keys' }).getByRole('row', { name: /the-only-key/ });
  await expect(row).toContainText('Deleted');
});

test('the keys table fits the page at 1440 px and keeps State in view at 600 px', async ({
  page,
  engine,
  shell,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shell.openPage('/keys', 'Keys');
  const ctx = await engine.kms('user-manager');
  await page.evaluate(async (c) => {
    await window.keyward.createKeyRing(c, 'payments-eu-production');
    await window.keyward.createKey(c, {
      name: 'customer-data-encryption-root-key-for-the-payments-platform',
      extractable: false,
      aliases: ['payments-root-key-eu-production', 'second-alias'],
      keyRingID: 'payments-eu-production',
      expirationDate: '2031-01-01T00:00:00Z',
    });
  }, ctx);
  const table = page.getByRole('table', { name: 'Keys' });
  const row = table.getByRole('row', { name: /customer-data-encryption/ });
  await expect(row).toBeVisible();
  const fits = await table.evaluate((t) => {
    const container = t.parentElement as HTMLElement;
    return { table: t.scrollWidth, container: container.clientWidth };
  });
  expect(fits.table).toBeLessThanOrEqual(fits.container);
  await expect(row.getByRole('button', { name: /^Actions for/ })).toBeInViewport();
  await expect(row.locator('time').last()).toBeInViewport();

  await page.setViewportSize({ width: 600, height: 900 });
  await expect(row.getByText('Enabled')).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);

  // The column settings add the id (and its copy button) back.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Column settings' }).click();
  await page.getByRole('checkbox', { name: 'ID' }).check({ force: true });
  await expect(row.getByRole('button', { name: /^Copy the id of/ })).toBeVisible();
});

test('create bucket: the key picker shows and searches aliases, after the instance', async ({
  page,
  engine,
  shell,
}) => {
  await shell.openPage('/buckets', 'Buckets');
  await page.evaluate(async () => {
    const s = await window.keyward.getSession();
    const kms = s.instances.find((i) => i.kind === 'kms')?.id ?? '';
    const m = { userId: 'user-manager', instanceId: kms };
    await window.keyward.createKey(m, { name: 'k1', extractable: false, aliases: ['ledger-root'] });
    await window.keyward.createKey(m, { name: 'k2', extractable: false, aliases: ['photos-root'] });
  });
  await engine.authorizeStorage();
  await page.reload();
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create bucket' });
  await dialog.getByLabel('Bucket name').fill('ledgers');
  await dialog.getByText('Customer-managed', { exact: false }).click();
  await expect(dialog.getByLabel('Key management instance')).toBeVisible();
  const picker = dialog.getByRole('combobox', { name: 'Root key' });
  await expect(picker).toHaveValue('');
  await picker.fill('ledger');
  await expect(page.getByRole('option', { name: / — k\d$/ })).toHaveCount(1);
  await page.getByRole('option', { name: /ledger-root — k1/ }).click();
  await dialog.getByRole('button', { name: 'Create bucket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ledgers' })).toBeVisible();
});

test('row menu: Copy ID, Rotate asks first, and a second rotation within the hour is disabled with the reason', async ({
  page,
  context,
  engine,
  shell,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await shell.openPage('/keys', 'Keys');
  const ctx = await engine.kms('user-manager');
  const id = await page.evaluate(
    async (c) => (await window.keyward.createKey(c, { name: 'spin-me', extractable: false })).id,
    ctx,
  );
  const menu = page.getByRole('button', { name: 'Actions for spin-me' });
  await menu.click();
  await page.getByRole('menuitem', { name: 'Copy ID' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  await menu.click();
  await page.getByRole('menuitem', { name: 'Rotate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate “spin-me”?' });
  await expect(dialog).toContainText('data wrapped under earlier versions still unwraps');
  await dialog.getByRole('button', { name: 'Rotate key' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Key rotated')).toBeVisible();

  await menu.click();
  await expect(page.getByRole('menuitem', { name: /^Rotate \(again after / })).toBeDisabled();
});
