/**
 * Settings (instance policies, Key Protect's six), end to end: a Manager requires import tokens,
 * turns on the dual-authorization default (both then enforced), and sets the network policies
 * (validated line by line, stored, shown as not enforced); a Writer sees the settings read-only
 * with the reason, and the engine refuses a change made around the UI.
 */
import { expect, test } from './fixtures';

test('a Manager requires import tokens and sets the dual-authorization default', async ({
  page,
  keysPage,
  engine,
  axe,
  shots,
}) => {
  test.slow(); // six policies edited, a reload and the create-key form: long on a loaded machine
  await keysPage.open();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await axe.expectNoSerious();
  await shots.take('settings-manager-wide');

  // Rotation: the interval is for an enabled policy (Key Protect keeps none for a disabled one).
  const interval = page.getByLabel('Rotate every (months)');
  await expect(interval).toBeDisabled();
  await page.getByText('Default for new generated root keys', { exact: true }).click();
  await interval.fill('13');
  await expect(page.getByText('Enter a whole number of months from 1 to 12.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await interval.fill('6');
  // Key create and import access: its flags apply once the policy is on.
  const enforceToken = page.getByLabel('Require an import token (enforce_token)');
  await expect(enforceToken).toBeDisabled();
  await page.getByText('Restrict how keys are created and imported', { exact: true }).click();
  await page.getByText('Require an import token (enforce_token)').click();
  await page.getByText('Default for new keys', { exact: true }).click();
  await expect(page.getByRole('switch', { name: /Default for new keys/ })).toBeChecked();
  // Allowed IPs: each line is checked, and the form says what is wrong with which line.
  await expect(page.getByText('Stored and shown, not enforced')).toBeVisible();
  await page.getByText('Allowed IP addresses (allowedIP)', { exact: true }).click();
  const subnets = page.getByLabel('Subnets allowed (CIDR, one a line)');
  await subnets.fill('203.0.113.0/24\n10.0.0.1');
  await expect(
    page.getByText('Line 2: "10.0.0.1" has no prefix length: add one, e.g. 10.0.0.1/32'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await subnets.fill('203.0.113.0/24\n10.0.0.1/32');
  await page.getByText('Allowed network (allowedNetwork)', { exact: true }).click();
  await page.getByLabel('Endpoints that may reach the instance').selectOption('private-only');
  await shots.take('settings-manager-editing');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Require an import token (enforce_token)')).toBeChecked();
  await expect(page.getByLabel('Rotate every (months)')).toHaveValue('6');
  await expect(page.getByLabel('Subnets allowed (CIDR, one a line)')).toHaveValue(
    '203.0.113.0/24\n10.0.0.1/32',
  );
  await expect(page.getByLabel('Endpoints that may reach the instance')).toHaveValue(
    'private-only',
  );
  await expect(page.getByText(/Last set by user-manager on/).first()).toBeVisible();
  await expect(page.getByText('Never set: Key Protect’s default.').first()).toBeVisible();
  await page.setViewportSize({ width: 600, height: 900 });
  await shots.take('settings-manager-narrow');
  await page.setViewportSize({ width: 1280, height: 720 });

  // The create-key form knows: plain import is off, and says why.
  await page.getByRole('link', { name: 'Keys' }).click();
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Import your own key', { exact: true }).click();
  await expect(dialog.getByLabel('Plain: paste or upload the key material')).toBeDisabled();
  await expect(dialog.getByText(/requires an import token \(enforce_token is on\)/)).toBeVisible();
  await page.setViewportSize({ width: 600, height: 900 });
  await shots.take('import-dialog-narrow');
  await page.setViewportSize({ width: 1280, height: 720 });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The engine enforces both, whatever the UI does; the network policies it keeps but does not
  // enforce (the calls below go through with private-only and an allowed IP list).
  const manager = await engine.kms('user-manager');
  const outcome = await page.evaluate(async (ctx) => {
    const plain = await window.keyward
      .createKey(ctx, { name: 'plain', extractable: false, payload: btoa('0123456789abcdef') })
      .then(
        () => 'allowed',
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    const key = await window.keyward.createKey(ctx, { name: 'after', extractable: false });
    return { plain, dualAuth: key.dualAuthDelete.enabled };
  }, manager);
  expect(outcome.plain).toMatch(/^KEY_CREATE_IMPORT_ACCESS_ERR: .*enforce_token is on/);
  expect(outcome.dualAuth).toBe(true);
});

test('a Writer sees the settings read-only, and the engine refuses a change', async ({
  page,
  keysPage,
  engine,
  axe,
  shots,
}) => {
  await keysPage.open();
  await keysPage.actAs('Wren Writer');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(
    page.getByText('You can read these settings; changing them needs the Manager role.'),
  ).toBeVisible();
  await expect(page.getByLabel('Require an import token (enforce_token)')).toBeDisabled();
  await expect(page.getByLabel('Rotate every (months)')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await expect(page.getByRole('switch', { name: /Allowed IP addresses/ })).toBeDisabled();
  await expect(page.getByText('Stored and shown, not enforced')).toBeVisible();
  await axe.expectNoSerious();
  await shots.take('settings-writer');

  const writer = await engine.kms('user-writer');
  const refusal = await page.evaluate(
    (ctx) =>
      window.keyward
        .putInstancePolicies(ctx, {
          keyCreateImportAccess: { enabled: true, attributes: { enforce_token: true } },
        })
        .then(
          () => 'allowed',
          (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
        ),
    writer,
  );
  expect(refusal).toMatch(/^UNAUTHORIZED_ERR: .*Manager role/);
});

test('with root key creation off, the create-key form says so and cannot be submitted', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  const manager = await engine.kms('user-manager');
  await page.evaluate(
    (ctx) =>
      window.keyward.putInstancePolicies(ctx, {
        keyCreateImportAccess: { enabled: true, attributes: { create_root_key: false } },
      }),
    manager,
  );
  await page.reload();
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Not allowed in this instance')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Create key' })).toBeDisabled();
  // A standard key is still allowed: the button comes back.
  await dialog.getByText('Standard key', { exact: true }).click();
  await expect(dialog.getByText('Not allowed in this instance')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Create key' })).toBeEnabled();
});
