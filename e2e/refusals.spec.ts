/**
 * Refusals on screen (issues 10 and 13): for each flow, a person who may not sees the control
 * disabled with the reason, and the engine refuses the call anyway with Key Protect's status and
 * code. Rotate as a Reader; the events page as a user with no role on the instance; creating a key
 * in a Hyper Protect instance whose master key is not loaded (the banner links to its page).
 */
import { expect, test } from './fixtures';

test('rotate: a Reader sees Rotate disabled with the reason; the engine refuses with 401 UNAUTHORIZED_ERR', async ({
  keyPage: kp,
}) => {
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
  keysPage,
  eventsPage: events,
  shell,
  engine,
  axe,
}) => {
  await keysPage.open();
  // Cleo Custodian is a Manager of the Hyper Protect instance only.
  await shell.actAsNextLoad('user-custodian-1');
  await events.open();
  await expect(page.getByTestId('acting-user')).toContainText('Cleo Custodian');
  await expect(
    page.getByText(/may not read events of this instance: this needs the Reader role/).first(),
  ).toBeVisible();
  await engine.expectRefusal(await engine.kms('user-custodian-1'), 'listEvents', [], {
    status: 401,
    code: 'UNAUTHORIZED_ERR',
  });
  await axe.expectNoSerious();
});

for (const theme of ['white', 'g100'] as const) {
  test(`keys of a Hyper Protect instance without a master key: the banner explains and links to it; Create key is disabled with the reason; the engine refuses (${theme})`, async ({
    page,
    keysPage: keys,
    shell,
    engine,
    axe,
    shots,
  }) => {
    if (theme === 'g100') await shell.setThemeOnEveryLoad('g100');
    await keys.open();
    const hpcsId = await engine.instanceId('hpcs');
    await shell.useInstanceNextLoad(hpcsId);
    await keys.open();
    const banner = page.getByTestId('master-key-banner');
    await expect(banner).toContainText('No master key loaded: keys cannot be created yet');
    await expect(banner).toContainText('imprint mode');
    await expect(keys.createButton).toBeDisabled();
    await keys.createButton.locator('..').hover();
    await expect(page.getByRole('tooltip')).toContainText('no master key loaded yet');
    await page.mouse.move(0, 0);
    await axe.expectNoSerious();
    await shots.widths(`hpcs-keys-no-master-key-${theme}`);
    await engine.expectRefusal(
      { userId: 'user-manager', instanceId: hpcsId },
      'createKey',
      [{ name: 'too-soon', extractable: false }],
      { status: 409, code: 'MASTER_KEY_NOT_LOADED_ERR' },
    );
    await banner.getByRole('button', { name: 'Open the Hyper Protect page' }).click();
    await expect(page).toHaveURL(new RegExp(`/hpcs/${hpcsId}$`));
    await expect(page.getByTestId('hpcs-status')).toContainText('imprint mode');
    // The Hyper Protect page itself, in this theme, at three widths.
    await shots.widths(`hpcs-page-${theme}`);
  });
}
