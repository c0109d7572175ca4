/**
 * The account seal end to end (issue 14): the Administrator puts it on in Settings, the sealed
 * banner shows on every page and the engine refuses key material; a wrong passphrase is refused
 * and changes nothing; the right one unseals; the seal comes off again. A Manager sees the
 * controls disabled with the reason, and the engine refuses the call made around the UI.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';
const SHOTS = '/tmp/shots-hardening';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Account seal' })).toBeVisible();
}

test('the Administrator seals the account, unseals it with the passphrase, and removes the seal', async ({
  page,
  keysPage,
  engine,
  shell,
  axe,
  shots,
}) => {
  test.setTimeout(120_000);
  await shell.openPage('/keys', 'Keys');
  const reader = await engine.kms('user-reader');
  const manager = await engine.kms('user-manager');
  const keyId = await page.evaluate(
    async (ctx) =>
      (await window.keyward.createKey(ctx, { name: 'sealed-root', extractable: false })).id,
    manager,
  );
  await keysPage.actAs('Ada Admin');
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Account seal' });
  await expect(section.getByText('Off', { exact: true })).toBeVisible();

  // The form says what is wrong before anything is sent.
  await section.getByLabel('Passphrase', { exact: true }).fill('short');
  await section.getByLabel('Passphrase again').fill('short');
  await section.getByRole('button', { name: 'Seal with this passphrase' }).click();
  await expect(section.getByText(/at least 12 characters \(this has 5\)/)).toBeVisible();
  await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await section.getByLabel('Passphrase again').fill(`${PASSPHRASE}!`);
  await section.getByRole('button', { name: 'Seal with this passphrase' }).click();
  await expect(section.getByText('The two passphrases differ.')).toBeVisible();
  await section.getByLabel('Passphrase again').fill(PASSPHRASE);
  await section.getByRole('button', { name: 'Seal with this passphrase' }).click();

  const banner = page.getByRole('region', { name: 'Account sealed' });
  await expect(banner.getByText('The account is sealed')).toBeVisible({ timeout: 30_000 });
  await expect(section.getByText('Sealed', { exact: true })).toBeVisible();
  await axe.expectNoSerious();
  await shots.in(SHOTS).widths('seal-sealed-light', { settleMs: 0 });

  // The engine refuses key material while sealed.
  const refused = await page.evaluate(
    async ({ ctx, keyId }) => {
      try {
        await window.keyward.wrap(ctx, keyId);
        return 'wrapped';
      } catch (error) {
        return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
      }
    },
    { ctx: reader, keyId },
  );
  expect(refused).toBe('503 ACCOUNT_SEALED_ERR');

  // The banner shows on other pages too; a wrong passphrase is refused there.
  await page.getByRole('link', { name: 'Keys', exact: true }).click();
  await expect(banner).toBeVisible();
  await banner.getByLabel('Seal passphrase').fill('not the passphrase');
  await banner.getByRole('button', { name: 'Unseal' }).click();
  await expect(banner.getByText('Wrong passphrase')).toBeVisible({ timeout: 30_000 });
  await expect(banner.getByText('The account is sealed')).toBeVisible();
  await banner.getByLabel('Seal passphrase').fill(PASSPHRASE);
  await banner.getByRole('button', { name: 'Unseal' }).click();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  const wrapped = await page.evaluate(
    async ({ ctx, keyId }) => (await window.keyward.wrap(ctx, keyId)).keyVersion.id.length > 0,
    { ctx: reader, keyId },
  );
  expect(wrapped).toBe(true);

  await openSettings(page);
  await expect(section.getByText('Unsealed in this tab')).toBeVisible();
  await shots.in(SHOTS).widths('seal-unsealed-light', { settleMs: 0 });
  await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await section.getByRole('button', { name: 'Remove the seal' }).click();
  await expect(section.getByText('Off', { exact: true })).toBeVisible({ timeout: 30_000 });
});

test('a Manager sees the seal controls disabled with the reason, and the engine refuses', async ({
  page,
  engine,
  shell,
  axe,
  shots,
}) => {
  await page.addInitScript(() => localStorage.setItem('keyward.theme', 'g100'));
  await shell.openPage('/keys', 'Keys');
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Account seal' });
  await expect(section.getByText('Administrator only')).toBeVisible();
  await expect(
    section.getByText('The account seal is managed by an account Administrator.').first(),
  ).toBeVisible();
  await expect(section.getByLabel('Passphrase', { exact: true })).toBeDisabled();
  await expect(section.getByRole('button', { name: 'Seal with this passphrase' })).toBeDisabled();
  await axe.expectNoSerious();
  await shots.in(SHOTS).widths('seal-manager-dark', { settleMs: 0 });
  const manager = await engine.kms('user-manager');
  const refused = await page.evaluate(async (ctx) => {
    try {
      await window.keyward.sealAccount(ctx, { passphrase: 'correct horse battery staple' });
      return 'sealed';
    } catch (error) {
      return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
    }
  }, manager);
  expect(refused).toBe('401 UNAUTHORIZED_ERR');
  expect(
    await page.evaluate(async (ctx) => (await window.keyward.getSealStatus(ctx)).enabled, manager),
  ).toBe(false);
});
