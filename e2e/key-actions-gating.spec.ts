/**
 * Controls the key's state or the acting user's role will refuse are disabled before they are
 * tried, with the reason (issue 15): Rotate within the hour of the last rotation (the row menu's
 * is in screens.spec), batch actions for a role that may not use them; and the engine refuses the
 * same calls anyway. Rotating asks first, saying what a rotation does. Screenshots at 1440, 1024
 * and 600 px of each, with a long name and keys in mixed states (written to /tmp/shots-keyui).
 */
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Key } from '../src/domain/types';
import { expect as baseExpect, kmsContext, test } from './fixtures';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';

// The machine is shared by several test runs: give each wait longer than the 5 s default.
const expect = baseExpect.configure({ timeout: 20_000 });

const SHOTS = '/tmp/shots-keyui';

const LONG_NAME =
  'Customer-managed root key for the EU payments platform, production ledger buckets, 2026 Q1';

/** Keys in every state the table shows, as the Manager made them through the engine. */
async function seedMixed(page: Page): Promise<Record<string, Key>> {
  const manager = await kmsContext(page, 'user-manager');
  return page.evaluate(
    async ([ctx, longName]) => {
      const api = window.keyward;
      const make = (name: string, extra: Record<string, unknown> = {}) =>
        api.createKey(ctx, { name, extractable: false, ...extra });
      const long = await make(longName, { aliases: ['payments-eu', 'ledger-root', 'pay_eu_2026'] });
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
    },
    [manager, LONG_NAME] as const,
  );
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

test('Rotate within the hour is disabled with the reason, batch actions a Reader may not use too, and the engine refuses both anyway', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const kp = new KeyPage(page);
  const keysPage = new KeysPage(page);
  await start(page);
  const keys = await seedMixed(page);

  // The Manager rotated the long-named key moments ago: Rotate waits, and says until when.
  await kp.actAs('Max Manager');
  await kp.open(keys.long!.id);
  await kp.expectDisabledWithReason(kp.action('Rotate'), /once an hour/);
  await shoot(page, 'key-rotated-recently', false);
  const early = await kp.refusal('user-manager', 'rotate', [keys.long!.id]);
  expect(early !== 'allowed' && early.code).toBe('KEY_ROTATION_NOT_PERMITTED');

  // A key not rotated yet: Rotate asks first and says what a rotation does.
  await kp.open(keys.plain!.id);
  await kp.action('Rotate').click();
  const confirm = kp.dialog('Rotate “analytics-root”?');
  await expect(confirm).toContainText('rewrap');
  await shoot(page, 'key-rotate-confirm', false);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();

  // A Reader selects keys: every batch action is disabled with the role it needs.
  await kp.actAs('Rhea Reader');
  await start(page);
  await keysPage.row('analytics-root').getByRole('checkbox').check({ force: true });
  const batch = page.getByRole('button', { name: /^Disable \(needs Manager\)/ });
  await expect(batch).toBeDisabled();
  await kp.expectDisabledWithReason(batch, 'Disabling keys needs the Manager role.');
  await shoot(page, 'keys-reader-batch', false);
  const refused = await kp.refusal('user-reader', 'disableKey', [keys.plain!.id]);
  expect(refused !== 'allowed' && [refused.status, refused.code]).toEqual([
    401,
    'UNAUTHORIZED_ERR',
  ]);
});
