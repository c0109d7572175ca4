/**
 * Refusals on screen (issues 10 and 13): for each flow, a person who may not sees the control
 * disabled with the reason, and the engine refuses the call anyway with Key Protect's status and
 * code. Rotate as a Reader; the events page as a user with no role on the instance; creating a key
 * in a Hyper Protect instance whose master key is not loaded (the banner links to its page).
 */
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousAxe, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';

const SHOTS = process.env.KEYWARD_SHOTS;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const width of [1440, 1024, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('rotate: a Reader sees Rotate disabled with the reason; the engine refuses with 401 UNAUTHORIZED_ERR', async ({
  page,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'not-for-readers' });
  await kp.actAs('Rhea Reader');
  await kp.open(key.id, 'actions');
  await kp.expectDisabledWithReason(kp.action('Rotate'), /needs the Writer role/);
  const refusal = await kp.refusal('user-reader', 'rotate', [key.id]);
  expect(refusal).toMatchObject({ status: 401, code: 'UNAUTHORIZED_ERR' });
  await kp.expectHistory('Rotated', 'Rhea Reader', 'UNAUTHORIZED_ERR');
});

test('events: a user with no role on the instance is told why the events cannot be shown; the engine refuses', async ({
  page,
}) => {
  await new KeysPage(page).open();
  // Cleo Custodian is a Manager of the Hyper Protect instance only.
  await page.evaluate(() => sessionStorage.setItem('keyward.actingUserId', 'user-custodian-1'));
  const events = new EventsPage(page);
  await events.open();
  await expect(page.getByTestId('acting-user')).toContainText('Cleo Custodian');
  await expect(
    page.getByText(/may not read events of this instance: this needs the Reader role/).first(),
  ).toBeVisible();
  const refused = await page.evaluate(async () => {
    const session = await window.keyward.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms');
    try {
      await window.keyward.listEvents({ userId: 'user-custodian-1', instanceId: kms?.id ?? '' });
      return 'allowed';
    } catch (error) {
      const e = error as { status: number; code: string };
      return `${e.status} ${e.code}`;
    }
  });
  expect(refused).toBe('401 UNAUTHORIZED_ERR');
  await expectNoSeriousAxe(page);
});

for (const theme of ['white', 'g100'] as const) {
  test(`keys of a Hyper Protect instance without a master key: the banner explains and links to it; Create key is disabled with the reason; the engine refuses (${theme})`, async ({
    page,
  }) => {
    if (theme === 'g100')
      await page.addInitScript(() => localStorage.setItem('keyward.theme', 'g100'));
    const keys = new KeysPage(page);
    await keys.open();
    const hpcsId = await page.evaluate(async () => {
      const session = await window.keyward.getSession();
      return session.instances.find((i) => i.kind === 'hpcs')?.id ?? '';
    });
    await page.evaluate((id) => sessionStorage.setItem('keyward.instanceId', id), hpcsId);
    await keys.open();
    const banner = page.getByTestId('master-key-banner');
    await expect(banner).toContainText('No master key loaded: keys cannot be created yet');
    await expect(banner).toContainText('imprint mode');
    await expect(keys.createButton).toBeDisabled();
    await keys.createButton.locator('..').hover();
    await expect(page.getByRole('tooltip')).toContainText('no master key loaded yet');
    await page.mouse.move(0, 0);
    await expectNoSeriousAxe(page);
    await shot(page, `hpcs-keys-no-master-key-${theme}`);
    const refused = await page.evaluate(async (id) => {
      try {
        await window.keyward.createKey(
          { userId: 'user-manager', instanceId: id },
          { name: 'too-soon', extractable: false },
        );
        return 'created';
      } catch (error) {
        const e = error as { status: number; code: string };
        return `${e.status} ${e.code}`;
      }
    }, hpcsId);
    expect(refused).toBe('409 MASTER_KEY_NOT_LOADED_ERR');
    await banner.getByRole('button', { name: 'Open the Hyper Protect page' }).click();
    await expect(page).toHaveURL(new RegExp(`/hpcs/${hpcsId}$`));
    await expect(page.getByTestId('hpcs-status')).toContainText('imprint mode');
    // The Hyper Protect page itself, in this theme, at three widths.
    await shot(page, `hpcs-page-${theme}`);
  });
}
