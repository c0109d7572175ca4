/**
 * Service authorizations in real Chromium: the wizard end to end (each step explains what is
 * missing, going back keeps every choice, review, authorize), a duplicate refused with a link to
 * the existing one, deleting, and non-Administrators kept out (disabled with the reason; the
 * engine refuses).
 */
import { expect, test } from './fixtures';

test('the wizard: validation, back and forth, review, authorize; then a duplicate and delete', async ({
  page,
  wizardPage: wizard,
  engine,
  shell,
  axe,
}) => {
  await shell.openPage('/authorizations', 'Service authorizations');
  await shell.actAs('Ada Admin');
  await expect(page.getByText('No service authorizations yet')).toBeVisible();
  await axe.expectNoSerious();
  await page.getByRole('button', { name: 'Create authorization' }).click();
  await expect(wizard.step('Source')).toBeVisible();

  // Step 1: nothing chosen yet, so Next explains.
  await wizard.next();
  await expect(
    page.getByText('Choose the object storage instance that will use the keys.'),
  ).toBeVisible();
  await axe.expectNoSerious();
  await page
    .getByLabel('Source instance')
    .selectOption({ label: 'Cloud Object Storage · us-south' });
  await wizard.next();

  // Step 2: an invalid ring id explains itself; the default scope is all keys.
  await expect(wizard.step('Target and scope')).toBeVisible();
  await wizard.next();
  await expect(page.getByText('Choose the instance whose keys it may use.')).toBeVisible();
  await page.getByLabel('Target instance').selectOption({ label: 'Key Protect · us-south' });
  await page.getByText('The keys of one key ring').click();
  await page.getByLabel('Key ring id').fill('no way');
  await wizard.next();
  await expect(page.getByText('Use only letters, digits and "-".')).toBeVisible();
  await page.getByLabel('Key ring id').fill('default');
  await axe.expectNoSerious();
  await wizard.next();

  // Step 3: the only role, Reader, is chosen from the start, and says what it allows.
  await expect(wizard.step('Role')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Reader' })).toBeChecked();
  await expect(page.getByText(/wrap and unwrap its data encryption keys/)).toBeVisible();
  await axe.expectNoSerious();

  // Back twice: every choice is still there.
  await wizard.back();
  await expect(wizard.step('Target and scope')).toBeVisible();
  await expect(page.getByLabel('Key ring id')).toHaveValue('default');
  await expect(page.getByLabel('Target instance')).toHaveValue(/.+/);
  await wizard.back();
  await expect(page.getByLabel('Source instance')).toHaveValue(/.+/);
  await wizard.next();
  await wizard.next();
  await expect(page.getByRole('radio', { name: 'Reader' })).toBeChecked();
  await wizard.next();

  // Step 4: review, then authorize.
  await expect(wizard.step('Review')).toBeVisible();
  const review = page.getByRole('table', { name: 'Review the authorization' });
  await expect(review).toContainText(/Source\s*Cloud Object Storage \(Cloud Object Storage\)/);
  await expect(review).toContainText(/Target\s*Key Protect \(Key Protect\)/);
  await expect(review).toContainText(/Scope\s*Key ring default/);
  await expect(review).toContainText(/Role\s*Reader/);
  await axe.expectNoSerious();
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
  // Just made, it is tagged as new, not as "existing" (that tag is for the duplicate's link).
  await expect(row).toContainText('New authorization');
  await expect(row).not.toContainText('Existing authorization');
  await page.mouse.move(0, 0);
  await axe.expectNoSerious();

  // The same again is refused, with a link to the existing one.
  await page.getByRole('button', { name: 'Create authorization' }).click();
  await page
    .getByLabel('Source instance')
    .selectOption({ label: 'Cloud Object Storage · us-south' });
  await wizard.next();
  await page.getByLabel('Target instance').selectOption({ label: 'Key Protect · us-south' });
  await page.getByText('The keys of one key ring').click();
  await page.getByLabel('Key ring id').fill('default');
  await wizard.next();
  await wizard.next();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByText('Already authorized', { exact: true })).toBeVisible();
  await expect(
    page.getByText(/is already authorized to use key ring "default" of "Key Protect"/),
  ).toBeVisible();
  await axe.expectNoSerious();
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

test('non-Administrators cannot reach authorizations: disabled with the reason; the engine refuses', async ({
  page,
  wizardPage: wizard,
  engine,
  shell,
  axe,
}) => {
  await shell.openPage('/authorizations', 'Service authorizations');
  await expect(page.getByText('Administrators only')).toBeVisible();
  const reason = 'Max Manager may not manage access: this needs the Administrator role.';
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Create authorization' }),
    reason,
  );
  await axe.expectNoSerious();
  // Even at the wizard's address, authorizing stays disabled.
  await wizard.open();
  await page
    .getByLabel('Source instance')
    .selectOption({ label: 'Cloud Object Storage · us-south' });
  await wizard.next();
  await page.getByLabel('Target instance').selectOption({ label: 'Key Protect · us-south' });
  await wizard.next();
  await wizard.next();
  await shell.expectDisabledWithReason(page.getByRole('button', { name: 'Authorize' }), reason);
  await axe.expectNoSerious();

  const manager = await engine.kms('user-manager');
  const cos = await engine.instanceId('cos');
  const made = await page.evaluate(
    ([ctx, cos]) =>
      window.keyward.createAuthorization(
        { userId: 'user-admin', instanceId: ctx.instanceId },
        { sourceInstanceId: cos, targetInstanceId: ctx.instanceId, role: 'Reader' },
      ),
    [manager, cos] as const,
  );
  const codes = [
    await engine.code(manager, 'createAuthorization', [
      {
        sourceInstanceId: cos,
        targetInstanceId: manager.instanceId,
        keyRingID: 'default',
        role: 'Reader',
      },
    ]),
    await engine.code(manager, 'listAuthorizations'),
    await engine.code(manager, 'deleteAuthorization', [made.id]),
  ];
  expect(codes).toEqual(['UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR']);
});
