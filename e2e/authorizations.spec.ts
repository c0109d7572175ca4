/**
 * Service authorizations in real Chromium: the wizard end to end with its pickers (the one
 * storage instance and the one role are facts, not steps; the ring is picked from the target's
 * rings, the key from its root keys searched by alias; an HPCS instance as the target), the
 * review saying in words what will be allowed, a duplicate refused with a link to the existing
 * one, deleting, and non-Administrators kept out (disabled with the reason; the engine refuses).
 * With KEYWARD_SHOTS set, each step is shot at 1440/1024/600 px, light and dark.
 */
import type { Page } from '@playwright/test';
import { expect, test, type ShellPage, type Shots } from './fixtures';

/** Each width, light then dark, then back to light. */
async function shootBoth(
  shots: Shots,
  shell: ShellPage,
  page: Page,
  name: string,
  /** Opens again what the theme switch closed (a picker's list closes on blur). */
  reopen?: () => Promise<void>,
) {
  if (!shots.folder) return;
  // Six full-page shots take a while on a loaded machine.
  test.info().setTimeout(test.info().timeout + 30_000);
  await page.mouse.move(0, 0);
  await shots.widths(`${name}-light`);
  await shell.toggleTheme('g100');
  await reopen?.();
  await shots.widths(`${name}-dark`);
  await shell.toggleTheme('white');
}

const allowance = (page: Page) => page.getByTestId('authorization-allowance');

test('a ring-scoped authorization: the ring picked from the target’s rings; review, authorize; a duplicate; delete', async ({
  page,
  wizardPage: wizard,
  engine,
  shell,
  axe,
  shots,
}) => {
  // A whole journey with six axe runs: 18 s on a quiet machine, over 30 s under CI's load.
  test.setTimeout(90_000);
  await shell.openPage('/authorizations', 'Service authorizations');
  await engine.createKeyRing('team-a');
  await shell.actAs('Ada Admin');
  await expect(page.getByText('No service authorizations yet')).toBeVisible();
  await axe.expectNoSerious();
  await page.getByRole('button', { name: 'Create authorization' }).click();

  // One storage instance: no source step; the wizard starts at the target.
  await expect(wizard.step('Target and scope')).toBeVisible();
  await expect(page.getByLabel('Source instance')).toHaveCount(0);
  await expect(page.getByRole('listitem').filter({ hasText: /^Source/ })).toHaveCount(0);
  await wizard.next();
  await expect(page.getByText('Choose the instance whose keys it may use.')).toBeVisible();
  await axe.expectNoSerious();
  await wizard.chooseTarget('Key Protect · us-south');
  await wizard.chooseScope('ring');
  await wizard.next();
  await expect(page.getByText('Choose the key ring whose keys it may use.')).toBeVisible();
  await shootBoth(shots, shell, page, 'target-ring-missing');

  // The rings of the instance, as the engine lists them; typing narrows them.
  const ring = page.getByRole('combobox', { name: 'Key ring' });
  await ring.click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['default', 'team-a']);
  await ring.fill('tea');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['team-a']);
  await axe.expectNoSerious();
  await wizard.pickRing('default');
  await wizard.next();

  // Review: in words, then each fact.
  await expect(wizard.step('Review')).toBeVisible();
  await expect(allowance(page)).toHaveText(
    'Cloud Object Storage instance "Cloud Object Storage" may wrap and unwrap its data encryption keys with the root keys in key ring "default" of Key Protect instance "Key Protect". It may not create, change or delete keys.',
  );
  const review = page.getByRole('table', { name: 'Review the authorization' });
  await expect(review).toContainText(
    /Source\s*Cloud Object Storage · us-south \(Cloud Object Storage\) — the only object storage instance/,
  );
  await expect(review).toContainText(/Target\s*Key Protect · us-south \(Key Protect\)/);
  await expect(review).toContainText(/Scope\s*Key ring default/);
  await expect(review).toContainText(
    /Role\s*Reader — the only role a service authorization grants/,
  );
  await axe.expectNoSerious();
  await shootBoth(shots, shell, page, 'review-ring');

  // Back: the choices are still there.
  await wizard.back();
  await expect(ring).toHaveValue('default');
  await expect(page.getByLabel('Target instance')).toHaveValue(/.+/);
  await wizard.next();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(
    page.getByRole('heading', { name: 'Service authorizations', level: 1 }),
  ).toBeVisible();
  await expect(page.getByText('Authorization created')).toBeVisible();
  const table = page.getByRole('table', { name: 'Authorizations' });
  const row = table.getByRole('row').filter({ hasText: 'Key ring default' });
  await expect(row).toContainText(
    /Cloud Object Storage[\s\S]*Key Protect[\s\S]*Reader[\s\S]*Ada Admin/,
  );
  await expect(row).toContainText('No buckets');
  await expect(row).toContainText('New authorization');
  await expect(row).not.toContainText('Existing authorization');
  await page.mouse.move(0, 0);
  await axe.expectNoSerious();

  // The same again is refused in the review, with a link to the existing one.
  await page.getByRole('button', { name: 'Create authorization' }).click();
  await wizard.chooseTarget('Key Protect · us-south');
  await wizard.chooseScope('ring');
  await wizard.pickRing('default');
  await wizard.next();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByText('Already authorized', { exact: true })).toBeVisible();
  await expect(
    page.getByText(/is already authorized to use key ring "default" of "Key Protect"/),
  ).toBeVisible();
  await axe.expectNoSerious();
  await shootBoth(shots, shell, page, 'review-duplicate');
  await page.getByRole('link', { name: 'View the existing authorization' }).click();
  await expect(page).toHaveURL(/\/authorizations\?highlight=/);
  await expect(row).toContainText('Existing authorization');
  expect(
    await page.evaluate(
      async (ctx) => (await window.keyward.listAuthorizations(ctx)).total,
      await engine.kms('user-admin'),
    ),
  ).toBe(1);

  // Delete it.
  await row.getByRole('button', { name: /^Delete authorization of/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete authorization' });
  await expect(dialog).toContainText(
    'Cloud Object Storage will no longer be able to use key ring default of Key Protect.',
  );
  await axe.expectNoSerious();
  await dialog.getByRole('button', { name: 'Delete authorization' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No service authorizations yet')).toBeVisible();
});

test('a key-scoped authorization: the key found by its alias, shown with name, alias and state', async ({
  page,
  wizardPage: wizard,
  engine,
  shell,
  axe,
  shots,
}) => {
  await shell.boot('/authorizations');
  const payroll = await engine.createKey({ name: 'payroll-root', aliases: ['salaries'] });
  await engine.createKey({ name: 'photos-root', aliases: ['pics'] });
  await engine.createKey({ name: 'salaries-standard', extractable: true });
  await wizard.open();
  await shell.actAs('Ada Admin');
  await wizard.chooseTarget('Key Protect · us-south');
  await wizard.chooseScope('key');
  await wizard.next();
  await expect(page.getByText('Choose the root key it may use.')).toBeVisible();

  // The engine searches names and aliases; standard keys are not offered.
  const picker = page.getByRole('combobox', { name: 'Root key' });
  await picker.fill('salaries');
  const option = page.getByRole('option', { name: /payroll-root/ });
  await expect(option).toContainText('Alias salaries · Enabled');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await axe.expectNoSerious();
  await shootBoth(shots, shell, page, 'target-key-search', async () => {
    await picker.fill('salaries');
    await expect(option).toBeVisible();
  });
  // The theme switch closed the list: typing opens it again.
  await wizard.pickKey('salar', /payroll-root/);
  await expect(picker).toHaveValue('payroll-root (alias salaries), enabled');
  await picker.fill('no-such-key');
  await expect(page.getByText('No root key matches “no-such-key”.')).toBeVisible();
  await wizard.pickKey('pics', /photos-root/);
  await wizard.pickKey('salaries', /payroll-root/);
  await wizard.next();

  await expect(allowance(page)).toContainText(
    'may wrap and unwrap its data encryption keys with the root key "payroll-root" of Key Protect instance "Key Protect"',
  );
  await expect(page.getByRole('table', { name: 'Review the authorization' })).toContainText(
    /Scope\s*Root key payroll-root \(alias salaries\), enabled/,
  );
  await axe.expectNoSerious();
  await shootBoth(shots, shell, page, 'review-key');
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByText('Authorization created')).toBeVisible();
  const made = await page.evaluate(
    async (ctx) => (await window.keyward.listAuthorizations(ctx)).authorizations,
    await engine.kms('user-admin'),
  );
  expect(made).toHaveLength(1);
  expect(made[0]).toMatchObject({ keyId: payroll.id, role: 'Reader' });
  expect(made[0]).not.toHaveProperty('keyRingID');
});

test('a Hyper Protect Crypto Services instance as the target', async ({
  page,
  wizardPage: wizard,
  engine,
  shell,
  axe,
  shots,
}) => {
  await wizard.open();
  await shell.actAs('Ada Admin');
  await wizard.chooseTarget('Hyper Protect Crypto Services · us-south');
  await expect(page.getByText(/holds no keys until its master key is loaded/)).toBeVisible();
  await axe.expectNoSerious();
  await shootBoth(shots, shell, page, 'target-hpcs');
  await wizard.next();
  await expect(allowance(page)).toHaveText(
    'Cloud Object Storage instance "Cloud Object Storage" may wrap and unwrap its data encryption keys with every root key of Hyper Protect Crypto Services instance "Hyper Protect Crypto Services". It may not create, change or delete keys.',
  );
  await page.getByRole('button', { name: 'Authorize' }).click();
  const row = page
    .getByRole('table', { name: 'Authorizations' })
    .getByRole('row')
    .filter({ hasText: 'Hyper Protect Crypto Services' });
  await expect(row).toContainText(/All keys[\s\S]*Reader/);
  const hpcs = await engine.instanceId('hpcs');
  const made = await page.evaluate(
    async (ctx) => (await window.keyward.listAuthorizations(ctx)).authorizations,
    await engine.kms('user-admin'),
  );
  expect(made.map((a) => a.targetInstanceId)).toEqual([hpcs]);
});

for (const persona of ['Rhea Reader', 'Wren Writer'] as const) {
  test(`${persona} sees Authorize disabled with the reason, and the engine refuses anyway`, async ({
    page,
    wizardPage: wizard,
    engine,
    shell,
    axe,
    shots,
  }) => {
    await shell.openPage('/authorizations', 'Service authorizations');
    await shell.actAs(persona);
    await expect(page.getByText('Administrators only')).toBeVisible();
    const reason = `${persona} may not manage access: this needs the Administrator role.`;
    await shell.expectDisabledWithReason(
      page.getByRole('button', { name: 'Create authorization' }),
      reason,
    );
    // Even at the wizard's address, the pickers work (they may read the keys) but authorizing
    // stays disabled.
    await wizard.open();
    await wizard.chooseTarget('Key Protect · us-south');
    await wizard.chooseScope('ring');
    await wizard.pickRing('default');
    await wizard.next();
    await shell.expectDisabledWithReason(page.getByRole('button', { name: 'Authorize' }), reason);
    await axe.expectNoSerious();
    if (persona === 'Rhea Reader') await shootBoth(shots, shell, page, 'review-reader');

    const userId = persona === 'Rhea Reader' ? 'user-reader' : 'user-writer';
    const ctx = await engine.kms(userId);
    const cos = await engine.instanceId('cos');
    const made = await page.evaluate(
      ([c, source]) =>
        window.keyward.createAuthorization(
          { userId: 'user-admin', instanceId: c.instanceId },
          { sourceInstanceId: source, targetInstanceId: c.instanceId, role: 'Reader' },
        ),
      [ctx, cos] as const,
    );
    const codes = [
      await engine.code(ctx, 'createAuthorization', [
        {
          sourceInstanceId: cos,
          targetInstanceId: ctx.instanceId,
          keyRingID: 'default',
          role: 'Reader',
        },
      ]),
      await engine.code(ctx, 'listAuthorizations'),
      await engine.code(ctx, 'deleteAuthorization', [made.id]),
    ];
    expect(codes).toEqual(['UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR']);
  });
}
