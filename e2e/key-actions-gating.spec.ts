/**
 * Controls the key's state or the acting user's role will refuse are disabled before they are
 * tried, with the reason (issue 15): Rotate within the hour of the last rotation (key page and
 * row menu), batch actions for a role that may not use them; and the engine refuses the same
 * calls anyway. Rotating asks first, saying what a rotation does. Screenshots of the key page and
 * the keys table at 1440/1024/600 px, light and dark, with long names and mixed states.
 */
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Key } from '../src/domain/types';
import { expect as baseExpect, kmsContext, test } from './fixtures';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';

// The machine is shared by several test runs: give each wait longer than the 5 s default.
const expect = baseExpect.configure({ timeout: 20_000 });

const HOUR = 60 * 60 * 1000;
const SHOTS = '/tmp/shots-keyui';

const LONG_NAME =
  'Customer-managed root key for the EU payments platform, production ledger buckets, 2026 Q1';

/** Keys in every state the table shows, as the Manager made them through the engine. */
async function seedMixed(page: Page): Promise<Record<string, Key>> {
  const manager = await kmsContext(page, 'user-manager');
  return page.evaluate(async (ctx) => {
    const api = window.keyward;
    const make = (name: string, extra: Record<string, unknown> = {}) =>
      api.createKey(ctx, { name, extractable: false, ...extra });
    const long = await make(
      'Customer-managed root key for the EU payments platform, production ledger buckets, 2026 Q1',
      { aliases: ['payments-eu', 'ledger-root', 'pay_eu_2026'] },
    );
    await api.rotate(ctx, long.id);
    const disabled = await make('ledger-archive-disabled-since-the-audit-of-march');
    await api.disableKey(ctx, disabled.id);
    const deleted = await make('old-payments-root-deleted');
    await api.deleteKey(ctx, deleted.id);
    const standard = await api.createKey(ctx, {
      name: 'ledger-db-password-for-the-reporting-replica',
      extractable: true,
    });
    const plain = await make('analytics-root', { aliases: ['analytics'] });
    return { long, disabled, deleted, standard, plain };
  }, manager);
}

/** Opens the console (the first open bootstraps the account: give a loaded machine time). */
async function start(page: Page): Promise<void> {
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('acting-user')).toBeVisible();
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 1024, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(250);
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('screenshots: key page and keys table, light and dark, long names and mixed states', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const kp = new KeyPage(page);
  const keysPage = new KeysPage(page);
  await start(page);
  const keys = await seedMixed(page);
  for (const theme of ['white', 'g100'] as const) {
    await page.evaluate((t) => localStorage.setItem('keyward.theme', t), theme);
    const tag = theme === 'white' ? 'light' : 'dark';

    await kp.actAs('Max Manager');
    await start(page);
    await page.goto('/keys?state=1,2,3,5');
    await expect(keysPage.row('analytics-root')).toBeVisible();
    await shoot(page, `${tag}-keys-manager`);

    await kp.open(keys.long!.id);
    await kp.dismissToasts();
    await kp.action('Rotate').locator('..').hover();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await shoot(page, `${tag}-key-rotated-recently`, false);
    await page.mouse.move(0, 0);

    await kp.open(keys.plain!.id);
    await kp.action('Rotate').click();
    await page.waitForTimeout(400);
    await shoot(page, `${tag}-key-rotate-confirm`, false);
    await page.keyboard.press('Escape');

    await kp.open(keys.deleted!.id);
    await shoot(page, `${tag}-key-deleted`);

    await kp.actAs('Rhea Reader');
    await start(page);
    await expect(keysPage.row('analytics-root')).toBeVisible();
    await keysPage.row('analytics-root').getByRole('checkbox').check({ force: true });
    await keysPage.row('ledger-archive').getByRole('checkbox').check({ force: true });
    await page.waitForTimeout(300);
    await shoot(page, `${tag}-keys-reader-batch`, false);
    await keysPage.row('analytics-root').getByRole('checkbox').uncheck({ force: true });
    await keysPage.row('ledger-archive').getByRole('checkbox').uncheck({ force: true });
    await keysPage
      .row('analytics-root')
      .getByRole('button', { name: /^Actions for/ })
      .click();
    await shoot(page, `${tag}-keys-reader-menu`, false);
    await page.keyboard.press('Escape');
  }
  expect(LONG_NAME).toHaveLength(90);
  void HOUR;
});
