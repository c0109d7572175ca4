/**
 * The Resources page in real Chromium: an Administrator creates kms, hpcs and cos instances
 * (validated as typed), makes one the console's current instance, renames and deletes; deleting
 * an instance that holds keys is refused naming them; non-Administrators see every control
 * disabled with the reason, and the engine refuses them.
 */
import { expect, test } from './fixtures';

test('an Administrator creates instances of each kind and works in one', async ({
  page,
  shell,
  axe,
}) => {
  await shell.openPage('/resources', 'Resources');
  await shell.actAs('Ada Admin');
  await expect(page.getByRole('table', { name: 'Key Protect', exact: true })).toContainText(
    /Key Protect[\s\S]*us-south[\s\S]*0 keys · 1 key ring · 0 authorizations/,
  );
  await axe.expectNoSerious();

  const create = page.getByRole('button', { name: 'Create instance' });
  await create.click();
  const dialog = page.getByRole('dialog', { name: 'Create instance' });
  await dialog.getByLabel('Name').fill('X');
  await expect(dialog.getByText('Use 2–90 characters (this has 1).')).toBeVisible();
  await dialog.getByLabel('Name').fill('Payments keys');
  await dialog.getByLabel('Region').selectOption('eu-de');
  await axe.expectNoSerious();
  await dialog.getByRole('button', { name: 'Create instance' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Created Payments keys')).toBeVisible();
  const kmsTable = page.getByRole('table', { name: 'Key Protect', exact: true });
  await expect(kmsTable.getByRole('row').filter({ hasText: 'Payments keys' })).toContainText(
    'eu-de',
  );

  await create.click();
  await dialog.getByText('Hyper Protect Crypto Services (hpcs)').click();
  await expect(
    dialog.getByText(/holds no keys until its custodians load a master key/),
  ).toBeVisible();
  await dialog.getByLabel('Name').fill('Crypto vault');
  await dialog.getByRole('button', { name: 'Create instance' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Hyper Protect Crypto Services', exact: true }),
  ).toContainText('Crypto units and master key ceremony');

  await create.click();
  await dialog.getByText('Cloud Object Storage (cos)').click();
  await dialog.getByLabel('Name').fill('Media storage');
  await dialog.getByLabel('Region').selectOption('jp-tok');
  await dialog.getByRole('button', { name: 'Create instance' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Cloud Object Storage', exact: true }),
  ).toContainText(/Media storage[\s\S]*jp-tok[\s\S]*0 buckets/);

  // Working in the new instance: the header and the keys page follow.
  await page.getByRole('button', { name: 'Use Payments keys' }).click();
  await expect(page.getByText('Now working in Payments keys')).toBeVisible();
  await expect(page.locator('#instance-switcher')).toHaveValue(/.+/);
  await expect(page.locator('#instance-switcher option:checked')).toHaveText(
    'Payments keys · eu-de',
  );
  await expect(page.getByTestId('acting-user')).toContainText('Ada Admin · Administrator');
  await expect(kmsTable.getByRole('row').filter({ hasText: 'Payments keys' })).toContainText(
    'Current instance',
  );

  // Rename, then delete (typed confirmation).
  await page.getByRole('button', { name: 'Rename Crypto vault' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename Crypto vault' });
  await rename.getByLabel('New name').fill('HSM vault');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByText('Renamed to HSM vault')).toBeVisible();
  await page.getByRole('button', { name: 'Delete HSM vault' }).click();
  const del = page.getByRole('dialog', { name: 'Delete HSM vault' });
  await expect(del.getByRole('button', { name: 'Delete instance' })).toBeDisabled();
  await del.getByLabel(/Type the instance name/).fill('HSM vault');
  await del.getByRole('button', { name: 'Delete instance' }).click();
  await expect(page.getByText('Deleted HSM vault')).toBeVisible();
  // The demo account's own Hyper Protect instance stays; the deleted one is gone from the table.
  await expect(
    page.getByRole('table', { name: 'Hyper Protect Crypto Services', exact: true }),
  ).not.toContainText('HSM vault');
  await axe.expectNoSerious();
});

test('deleting an instance that holds keys is refused, naming them', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.openPage('/resources', 'Resources');
  const manager = await engine.kms('user-manager');
  await page.evaluate(async (ctx) => {
    await window.keyward.createKey(ctx, { name: 'still-here', extractable: false });
  }, manager);
  await shell.actAs('Ada Admin');
  await page.getByRole('button', { name: 'Delete Key Protect' }).click();
  const del = page.getByRole('dialog', { name: 'Delete Key Protect' });
  await del.getByLabel(/Type the instance name/).fill('Key Protect');
  await del.getByRole('button', { name: 'Delete instance' }).click();
  await expect(del.getByText('Instance not empty')).toBeVisible();
  await expect(del.getByText(/"Key Protect" still holds 1 key that is not Deleted/)).toBeVisible();
  await expect(del.getByText('still-here')).toBeVisible();
  await axe.expectNoSerious();
});

test('non-Administrators see the controls disabled with the reason; the engine refuses', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.openPage('/resources', 'Resources');
  await expect(page.getByText('View only')).toBeVisible();
  const reason = 'Max Manager may not manage access: this needs the Administrator role.';
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Create instance' }),
    reason,
  );
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Delete Key Protect' }),
    reason,
  );
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Rename Key Protect' }),
    reason,
  );
  await axe.expectNoSerious();
  const manager = await engine.kms('user-manager');
  const codes = [
    await engine.code(manager, 'createInstance', [{ kind: 'kms', name: 'Mine', region: 'eu-de' }]),
    await engine.code(manager, 'deleteInstance', [manager.instanceId]),
    await engine.code(manager, 'renameInstance', [manager.instanceId, 'Mine']),
  ];
  expect(codes).toEqual(['UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR', 'UNAUTHORIZED_ERR']);
});
