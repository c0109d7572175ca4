/**
 * The key page, end to end against the built app and the real engine: every overview field,
 * versions, aliases, payload, wrap/unwrap/rewrap with AAD and the ciphertext inspector, rotation
 * with old ciphertexts, history; roles that may and roles that may not (disabled with the reason,
 * and the engine refuses the call too); accessibility in light and dark themes; screenshots.
 */
import { expect, test } from './fixtures';
import { KeyPage } from './pages/key-page';

// Every test has its own browser context (fresh engine and database): they can run side by side.
test.describe.configure({ mode: 'parallel' });

const HOUR = 3_600_000;

test('the overview shows every field of the key; versions; opened by alias; tab in the URL', async ({
  page,
  axe,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({
    name: 'payments-root',
    description: 'Wraps the DEKs of the payments buckets',
    aliases: ['payments'],
  });
  await kp.open('payments');
  await expect(kp.heading).toHaveText('payments-root');
  await expect(page.getByRole('navigation', { name: /breadcrumb/i })).toContainText('Keys');

  await expect(kp.field('Name')).toHaveText('payments-root');
  await expect(kp.field('ID')).toContainText(key.id);
  await expect(kp.field('Description')).toHaveText('Wraps the DEKs of the payments buckets');
  await expect(kp.field('Aliases')).toHaveText('payments');
  await expect(page.getByTestId('key-ring')).toHaveText('default');
  await expect(kp.field('Type')).toContainText('Root key (not extractable');
  await expect(kp.field('Imported')).toContainText('No');
  await expect(kp.field('CRN')).toContainText(key.crn);
  await expect(kp.field('State')).toContainText('Enabled — state 1 (Active)');
  await expect(page.getByTestId('allowed-operations')).toHaveText(
    /read\s*rotate\s*wrap\s*unwrap\s*rewrap\s*disable\s*delete/,
  );
  await expect(kp.field('Created')).toContainText('by Max Manager');
  // Dates in the user's locale, the exact ISO value in the title.
  await expect(kp.field('Created').locator('time')).toHaveAttribute('title', key.creationDate);
  await expect(kp.field('Last updated').locator('time')).toHaveAttribute(
    'datetime',
    key.lastUpdateDate,
  );
  await expect(kp.field('Last rotated')).toHaveText('Never');
  await expect(kp.field('Expiration date')).toContainText('None');
  await expect(kp.field('Current key version')).toContainText(key.keyVersion.id);
  await expect(kp.field('Dual authorization')).toContainText('Off');
  await expect(kp.field('Deleted')).toHaveText('No');
  await expect(kp.field('Restore')).toHaveText('Not deleted');
  await expect(kp.field('Purge')).toHaveText('Not deleted');
  await axe.expectNoSerious();

  await kp.selectTab('Versions');
  await expect(page).toHaveURL(/\?tab=versions$/);
  const versions = page.getByRole('table', { name: 'Key versions' });
  await expect(versions.getByRole('row')).toHaveCount(2);
  await expect(versions.getByRole('row').nth(1)).toContainText(key.keyVersion.id);
  await expect(versions.getByRole('row').nth(1)).toContainText('Current');
  await axe.expectNoSerious();

  // The selected tab survives a reload.
  await page.reload();
  await expect(kp.tab('Versions')).toHaveAttribute('aria-selected', 'true');

  await kp.selectTab('Associated resources');
  await expect(
    page.getByRole('heading', { name: 'No resources are protected by this key yet' }),
  ).toBeVisible();
  await expect(page.getByText('object storage bucket')).toBeVisible();
  await axe.expectNoSerious();

  await kp.selectTab('History');
  await expect(kp.historyRows().filter({ hasText: 'Created' })).toContainText('Max Manager');
  await expect(kp.historyRows().filter({ hasText: 'Created' })).toContainText('Manager');
  await axe.expectNoSerious();

  // Back to the list through the breadcrumb.
  await page
    .getByRole('navigation', { name: /breadcrumb/i })
    .getByRole('link', { name: 'Keys', exact: true })
    .click();
  await expect(page).toHaveURL(/\/keys$/);
});

test('aliases: a Writer adds (checked as typed); a Reader cannot add; a Writer cannot remove; a Manager removes', async ({
  page,
  axe,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'orders-root', aliases: ['orders-main'] });
  await kp.actAs('Wren Writer');
  await kp.open(key.id, 'aliases');
  const input = page.getByLabel('New alias');
  const add = page.getByRole('button', { name: 'Add alias' });

  await input.fill('wrap');
  await expect(page.getByText('Alias: "wrap" is a reserved word.')).toBeVisible();
  await expect(add).toBeDisabled();
  await input.fill('3f1c2a9e-7d41-4b8a-9c0e-5a6b7c8d9e0f');
  await expect(page.getByText('cannot have the form of a key id')).toBeVisible();
  await input.fill('no spaces');
  await expect(page.getByText('use only letters, digits')).toBeVisible();
  await input.fill('orders-main');
  await expect(page.getByText('This key already has that alias.')).toBeVisible();
  await input.fill('orders-eu');
  await add.click();
  await kp.expectToast('Alias added');
  await expect(input).toHaveValue('');
  const list = page.getByRole('list', { name: /Aliases \(2 of 5\)/ });
  await expect(list).toContainText('orders-eu');
  await expect(kp.tab('Aliases')).toHaveText('Aliases (2)');

  // A Writer may add but not remove.
  const remove = page.getByRole('button', { name: 'Remove alias orders-eu' });
  await kp.expectDisabledWithReason(remove, 'Removing an alias needs the Manager role.');
  expect(await kp.refusal('user-writer', 'deleteAlias', [key.id, 'orders-eu'])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
    message: expect.stringContaining('needs the Manager role') as unknown as string,
  });
  await axe.expectNoSerious();

  // Up to five: the field explains the limit once it is reached.
  for (const alias of ['orders-us', 'orders-ap', 'orders-sa'])
    expect(await kp.refusal('user-writer', 'createAlias', [key.id, alias])).toBe('allowed');
  await expect(page.getByRole('list', { name: /Aliases \(5 of 5\)/ })).toBeVisible();
  await expect(input).toBeDisabled();
  await expect(page.getByText('the most allowed; remove one to add another')).toBeVisible();

  // A Reader sees the list, but adding is disabled with the role named; the engine refuses too.
  await kp.actAs('Rhea Reader');
  await kp.expectDisabledWithReason(add, 'Adding an alias needs the Writer role.');
  expect(await kp.refusal('user-reader', 'createAlias', [key.id, 'reader-alias'])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
  });

  // A Manager removes one.
  await kp.actAs('Max Manager');
  await page.getByRole('button', { name: 'Remove alias orders-eu' }).click();
  await kp.expectToast('Alias removed');
  await expect(page.getByRole('list', { name: /Aliases \(4 of 5\)/ })).not.toContainText(
    'orders-eu',
  );
  await expect(input).toBeEnabled();

  await kp.expectHistory('Added an alias', 'Wren Writer', 'Success');
  await kp.expectHistory('Removed an alias', 'Max Manager', 'Success');
  await kp.expectHistory('Removed an alias', 'Wren Writer', 'UNAUTHORIZED_ERR');
});

test('payload: a Writer reveals and copies it; a Reader sees the button disabled and the engine refuses', async ({
  page,
  axe,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'db-password', extractable: true });
  const manager = await kp.refusal('user-manager', 'getKey', [key.id]);
  expect(manager).toBe('allowed');

  await kp.actAs('Wren Writer');
  await kp.open(key.id, 'payload');
  await expect(kp.tab('Key actions')).toHaveCount(0);
  await expect(kp.action('Rotate')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reveal payload' }).click();
  const snippet = page.getByRole('textbox', { name: 'Payload (base64)' });
  await expect(snippet).toBeVisible();
  const shown = (await snippet.innerText()).trim();
  expect(shown).toMatch(/^[A-Za-z0-9+/]{43}=$/); // 32 bytes
  await axe.expectNoSerious();
  await page.getByRole('button', { name: 'Hide payload' }).click();
  await expect(snippet).toHaveCount(0);

  await kp.actAs('Rhea Reader');
  await kp.expectDisabledWithReason(
    page.getByRole('button', { name: 'Reveal payload' }),
    "Reading a standard key's payload needs the ReaderPlus role.",
  );
  expect(await kp.refusal('user-reader', 'getKey', [key.id])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
    message: expect.stringContaining('needs the ReaderPlus role') as unknown as string,
  });
  await axe.expectNoSerious();

  await kp.expectHistory('Read (with payload)', 'Wren Writer', 'Success');
  await kp.expectHistory('Read (with payload)', 'Rhea Reader', 'UNAUTHORIZED_ERR');
});

test('wrap, unwrap and rewrap with AAD, and the ciphertext inspector (as a Reader)', async ({
  page,
  axe,
}) => {
  // A long journey (three operations, the inspector, axe, four history checks): past 30 s on a
  // loaded 2-core machine.
  test.setTimeout(90_000);
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'envelope-root' });
  await kp.actAs('Rhea Reader');
  await kp.open(key.id, 'actions');

  // A Reader may wrap, but not rotate: disabled with the role, and the engine refuses.
  await kp.expectDisabledWithReason(kp.action('Rotate'), 'Rotating a key needs the Writer role.');
  expect(await kp.refusal('user-reader', 'rotate', [key.id])).toMatchObject({ status: 401 });

  const wrapPanel = page.getByRole('region', { name: 'Wrap', exact: true });
  await wrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await wrapPanel.getByRole('textbox', { name: 'AAD item 1', exact: true }).fill('bucket-a');
  await wrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await wrapPanel.getByRole('textbox', { name: 'AAD item 2', exact: true }).fill('object-1');
  await wrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await wrapPanel.getByRole('textbox', { name: 'AAD item 3', exact: true }).fill('to be removed');
  await wrapPanel.getByRole('button', { name: 'Remove AAD item 3' }).click();
  await expect(wrapPanel.getByRole('textbox', { name: 'AAD item 3', exact: true })).toHaveCount(0);
  await wrapPanel.getByRole('button', { name: 'Wrap', exact: true }).click();
  const result = page.getByRole('region', { name: 'Wrap result', exact: true });
  await expect(result).toBeVisible();
  const ciphertext = (
    await result.getByRole('textbox', { name: 'Ciphertext', exact: true }).innerText()
  ).trim();
  const dek = (
    await result.getByRole('textbox', { name: 'Generated DEK (base64)' }).innerText()
  ).trim();
  expect(dek).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  await expect(result).toContainText('version 1 (current)');

  // The inspector decodes the header.
  await result.getByRole('button', { name: 'Inspect' }).click();
  const inspection = page.getByTestId('inspection');
  await expect(inspection).toContainText('A Keyward ciphertext made by this key.');
  await expect(inspection).toContainText('Format version1');
  await expect(inspection).toContainText('AES-256-GCM');
  await expect(inspection).toContainText(`${key.id} (this key)`);
  await expect(inspection).toContainText(`${key.keyVersion.id} (version 1, the current version)`);
  await expect(inspection.locator('.kw-field', { hasText: 'IV' })).toContainText(/[0-9a-f]{24}/);
  await expect(inspection).toContainText('48 bytes (32 bytes of encrypted key');
  await axe.expectNoSerious();

  const inspectorInput = page.getByLabel('Ciphertext to inspect (base64)');
  await inspectorInput.fill('hello world');
  await expect(inspection).toContainText('Not a Keyward ciphertext: this is not valid base64');
  await inspectorInput.fill('aGVsbG8gd29ybGQ=');
  await expect(inspection).toContainText('Not a Keyward ciphertext: these 11 bytes');

  // Unwrap with the same AAD: the same DEK.
  await result.getByRole('button', { name: 'Use for unwrap' }).click();
  const unwrapPanel = page.getByRole('region', { name: 'Unwrap or rewrap' });
  await expect(unwrapPanel.getByLabel('Ciphertext (base64)')).toHaveValue(ciphertext);
  await expect(unwrapPanel.getByRole('textbox', { name: 'AAD item 2', exact: true })).toHaveValue(
    'object-1',
  );
  await unwrapPanel.getByRole('button', { name: 'Unwrap', exact: true }).click();
  const unwrapped = page.getByRole('region', { name: 'Unwrap result' });
  await expect(unwrapped.getByRole('textbox', { name: 'Plaintext (base64)' })).toHaveText(dek);
  await expect(unwrapped).toContainText('Made under version 1 (current)');
  await expect(unwrapped.getByRole('textbox', { name: 'Rewrapped ciphertext' })).toHaveCount(0);

  // Different AAD: the engine refuses, saying nothing about why.
  await unwrapPanel.getByRole('button', { name: 'Remove AAD item 2' }).click();
  await unwrapPanel.getByRole('button', { name: 'Unwrap', exact: true }).click();
  await kp.expectToast('could not be unwrapped with this key');
  await expect(unwrapped).toHaveCount(0);

  // Rewrap with the right AAD.
  await unwrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await unwrapPanel.getByRole('textbox', { name: 'AAD item 2', exact: true }).fill('object-1');
  await unwrapPanel.getByRole('button', { name: 'Rewrap', exact: true }).click();
  const rewrapped = page.getByRole('region', { name: 'Rewrap result' });
  await expect(rewrapped).toContainText('From version 1 (current)');
  const fresh = (
    await rewrapped.getByRole('textbox', { name: 'Rewrapped ciphertext' }).innerText()
  ).trim();
  expect(fresh).not.toBe(ciphertext);

  // Wrap plaintext of one's own: checked as typed.
  await wrapPanel.getByText('Wrap my own plaintext (base64)').click();
  await wrapPanel.getByRole('textbox', { name: 'Plaintext (base64)' }).fill('abc');
  await expect(wrapPanel.getByText('Not valid base64')).toBeVisible();
  await wrapPanel.getByRole('textbox', { name: 'Plaintext (base64)' }).fill('aGVsbG8=');
  await wrapPanel.getByRole('button', { name: 'Remove AAD item 1' }).click();
  await wrapPanel.getByRole('button', { name: 'Remove AAD item 1' }).click();
  await wrapPanel.getByRole('button', { name: 'Wrap', exact: true }).click();
  await expect(result.getByRole('textbox', { name: 'Generated DEK (base64)' })).toHaveCount(0);
  await expect(result.getByRole('textbox', { name: 'Ciphertext', exact: true })).not.toHaveText(
    ciphertext,
  );
  await axe.expectNoSerious();

  await kp.expectHistory('Wrapped', 'Rhea Reader', 'Success');
  await kp.expectHistory('Unwrapped', 'Rhea Reader', 'UNPROCESSABLE_CIPHERTEXT_ERR');
  await kp.expectHistory('Rewrapped', 'Rhea Reader', 'Success');
  await kp.expectHistory('Rotated', 'Rhea Reader', 'UNAUTHORIZED_ERR');
});

test('rotate (once an hour), then an old ciphertext still unwraps and comes back rewrapped', async ({
  page,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'rotating-root' });
  await kp.actAs('Wren Writer');
  await kp.open(key.id, 'actions');

  const wrapPanel = page.getByRole('region', { name: 'Wrap', exact: true });
  await wrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await wrapPanel.getByRole('textbox', { name: 'AAD item 1', exact: true }).fill('tenant-7');
  await wrapPanel.getByRole('button', { name: 'Wrap', exact: true }).click();
  const result = page.getByRole('region', { name: 'Wrap result', exact: true });
  const oldCiphertext = (
    await result.getByRole('textbox', { name: 'Ciphertext', exact: true }).innerText()
  ).trim();
  const dek = (
    await result.getByRole('textbox', { name: 'Generated DEK (base64)' }).innerText()
  ).trim();

  const rotate = async () => {
    await kp.action('Rotate').click();
    await kp.dialog('Rotate “rotating-root”?').getByRole('button', { name: 'Rotate key' }).click();
    await kp.expectToast('Key rotated');
  };
  await rotate();
  // Within the hour: the page disables Rotate with the reason, and the engine refuses anyway.
  await kp.expectDisabledWithReason(kp.action('Rotate'), /once an hour/);
  const refused = await kp.refusal('user-writer', 'rotate', [key.id]);
  expect(refused !== 'allowed' && [refused.status, refused.code]).toEqual([
    409,
    'KEY_ROTATION_NOT_PERMITTED',
  ]);
  await kp.advanceTime(HOUR);
  await rotate();

  await kp.selectTab('Versions');
  const versions = page.getByRole('table', { name: 'Key versions' }).getByRole('row');
  await expect(versions).toHaveCount(4);
  await expect(versions.nth(1)).toContainText('3');
  await expect(versions.nth(1)).toContainText('Current');
  await expect(versions.nth(3)).toContainText(key.keyVersion.id);
  await expect(versions.nth(3)).toContainText('Unwraps only');

  await kp.selectTab('Key actions');
  const unwrapPanel = page.getByRole('region', { name: 'Unwrap or rewrap' });
  await unwrapPanel.getByLabel('Ciphertext (base64)').fill(oldCiphertext);
  await unwrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await unwrapPanel.getByRole('textbox', { name: 'AAD item 1', exact: true }).fill('tenant-7');
  await unwrapPanel.getByRole('button', { name: 'Unwrap', exact: true }).click();
  const unwrapped = page.getByRole('region', { name: 'Unwrap result' });
  await expect(unwrapped.getByRole('textbox', { name: 'Plaintext (base64)' })).toHaveText(dek);
  await expect(unwrapped).toContainText(`Made under version 1 — ${key.keyVersion.id}`);
  await expect(unwrapped).toContainText('version 3 (current)');
  const rewrapped = (
    await unwrapped.getByRole('textbox', { name: 'Rewrapped ciphertext' }).innerText()
  ).trim();

  // The inspector tells the two apart.
  const inspector = page.getByLabel('Ciphertext to inspect (base64)');
  const inspection = page.getByTestId('inspection');
  await inspector.fill(oldCiphertext);
  await expect(inspection).toContainText('(version 1, an older version');
  await inspector.fill(rewrapped);
  await expect(inspection).toContainText('(version 3, the current version)');

  // The rewrapped ciphertext opens to the same DEK.
  const writer = { userId: 'user-writer', instanceId: key.instanceId };
  const reopened = await page.evaluate(
    ([ctx, id, c]) => window.keyward.unwrap(ctx, id, { ciphertext: c, aad: ['tenant-7'] }),
    [writer, key.id, rewrapped] as const,
  );
  expect(reopened.plaintext).toBe(dek);
  expect(reopened.ciphertext).toBeUndefined();

  await kp.expectHistory('Rotated', 'Wren Writer', 'Success');
  await kp.expectHistory('Rotated', 'Wren Writer', 'KEY_ROTATION_NOT_PERMITTED');
  await kp.expectHistory('Unwrapped', 'Wren Writer', 'Success');
});

test('a key that does not exist: "not found", with the way back', async ({ page, axe }) => {
  const kp = new KeyPage(page);
  await kp.start();
  await page.goto('/keys/no-such-key');
  await expect(
    page.getByRole('heading', { name: 'Key not found — it may have been purged' }),
  ).toBeVisible();
  await axe.expectNoSerious();
  await page.getByRole('link', { name: 'Back to keys' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
});

test('dark theme: every tab and the delete confirmation have no serious accessibility violations', async ({
  page,
  axe,
}) => {
  test.setTimeout(90_000); // nine axe runs
  await page.addInitScript(() => localStorage.setItem('keyward.theme', 'g100'));
  const kp = new KeyPage(page);
  await kp.start();
  const root = await kp.createKey({ name: 'dark-root', aliases: ['dark'] });
  const standard = await kp.createKey({ name: 'dark-standard', extractable: true });
  await kp.open(root.id);
  await expect(page.locator('.cds--g100').first()).toBeVisible();
  for (const tab of [
    'Overview',
    'Versions',
    'Aliases',
    'Associated resources',
    'History',
    'Key actions',
  ] as const) {
    await kp.selectTab(tab);
    await axe.expectNoSerious();
  }
  await page
    .getByRole('region', { name: 'Wrap', exact: true })
    .getByRole('button', { name: 'Wrap', exact: true })
    .click();
  await expect(page.getByRole('region', { name: 'Wrap result', exact: true })).toBeVisible();
  await axe.expectNoSerious();

  await kp.action('Delete').click();
  const dialog = kp.dialog('Delete “dark-root”?');
  await kp.settled(dialog);
  await axe.expectNoSerious();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await kp.open(standard.id, 'payload');
  await page.getByRole('button', { name: 'Reveal payload' }).click();
  await expect(page.getByRole('textbox', { name: 'Payload (base64)' })).toBeVisible();
  await axe.expectNoSerious();
});

test('screenshots of every tab and modal: light, dark, a 90-character name, 5 aliases, 600px wide', async ({
  page,
  shots,
}) => {
  test.setTimeout(90_000);
  // From the top, so the fixed header is not captured mid-page.
  const shot = (name: string, fullPage = true) =>
    shots.in('/tmp').take(`keypage-${name}`, { top: fullPage, fullPage });
  const kp = new KeyPage(page);
  await kp.start();
  const longName =
    'Customer-managed root key for the EU payments platform, production ledger buckets, 2026 Q1';
  expect(longName).toHaveLength(90);
  const key = await kp.createKey({
    name: longName,
    description:
      'Protects the DEKs of every ledger bucket of the EU payments platform. Rotated quarterly; dual authorization on for deletion; owned by the payments platform team (payments-platform@example.com).',
    aliases: ['payments-eu', 'ledger-root', 'pay_eu_2026', 'finance-prod', 'eu-central-ledger'],
  });
  const standard = await kp.createKey({ name: 'ledger-db-password', extractable: true });
  const writer = { userId: 'user-writer', instanceId: key.instanceId };
  await page.evaluate(
    async ([c, id]) => {
      await window.keyward.rotate(c, id);
      await window.keyward.wrap(c, id, { aad: ['x'] });
    },
    [writer, key.id] as const,
  );

  // Light, wide.
  await kp.open(key.id);
  await shot('light-overview');
  for (const [tab, file] of [
    ['Versions', 'light-versions'],
    ['Aliases', 'light-aliases'],
    ['Associated resources', 'light-resources'],
    ['History', 'light-history'],
  ] as const) {
    await kp.selectTab(tab);
    await shot(file);
  }
  await kp.selectTab('Key actions');
  const wrapPanel = page.getByRole('region', { name: 'Wrap', exact: true });
  await wrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await wrapPanel.getByRole('textbox', { name: 'AAD item 1', exact: true }).fill('bucket-a');
  await wrapPanel.getByRole('button', { name: 'Wrap', exact: true }).click();
  const result = page.getByRole('region', { name: 'Wrap result', exact: true });
  await result.getByRole('button', { name: 'Use for unwrap' }).click();
  await result.getByRole('button', { name: 'Inspect' }).click();
  await page.getByRole('button', { name: 'Unwrap', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Unwrap result' })).toBeVisible();
  await kp.dismissToasts();
  await shot('light-key-actions');

  await kp.action('Disable').click();
  await kp.settled(kp.dialog(/^Disable/));
  await shot('light-modal-disable', false);
  await kp
    .dialog(/^Disable/)
    .getByRole('button', { name: 'Cancel' })
    .click();
  await kp.action('Delete').click();
  const del = kp.dialog(/^Delete/);
  await kp.settled(del);
  await del.getByRole('textbox').fill('Customer-managed');
  await shot('light-modal-delete', false);
  await del.getByRole('button', { name: 'Cancel' }).click();

  // A Reader: disabled actions with the reason.
  await kp.actAs('Rhea Reader');
  await kp.selectTab('Overview');
  await kp.action('Rotate').locator('..').hover();
  await expect(page.getByRole('tooltip')).toBeVisible();
  await shot('light-reader-tooltip', false);
  await page.mouse.move(0, 0);
  await kp.actAs('Max Manager');

  await kp.open(standard.id, 'payload');
  await page.getByRole('button', { name: 'Reveal payload' }).click();
  await expect(page.getByRole('textbox', { name: 'Payload (base64)' })).toBeVisible();
  await shot('light-payload');

  await page.goto('/keys/no-such-key');
  await expect(page.getByRole('heading', { name: /Key not found/ })).toBeVisible();
  await shot('light-not-found');

  // Dark.
  await page.evaluate(() => localStorage.setItem('keyward.theme', 'g100'));
  await kp.open(key.id);
  await shot('dark-overview');
  await kp.selectTab('History');
  await shot('dark-history');
  await kp.selectTab('Key actions');
  await page
    .getByRole('region', { name: 'Wrap', exact: true })
    .getByRole('button', { name: 'Wrap', exact: true })
    .click();
  await page
    .getByRole('region', { name: 'Wrap result', exact: true })
    .getByRole('button', { name: 'Inspect' })
    .click();
  await kp.dismissToasts();
  await shot('dark-key-actions');
  await kp.action('Delete').click();
  await kp.settled(kp.dialog(/^Delete/));
  await shot('dark-modal-delete', false);
  await kp
    .dialog(/^Delete/)
    .getByRole('button', { name: 'Cancel' })
    .click();

  // Narrow, light.
  await page.evaluate(() => localStorage.setItem('keyward.theme', 'white'));
  await page.setViewportSize({ width: 600, height: 900 });
  await kp.open(key.id);
  await shot('narrow-overview');
  for (const [tab, file] of [
    ['Aliases', 'narrow-aliases'],
    ['History', 'narrow-history'],
    ['Key actions', 'narrow-key-actions'],
  ] as const) {
    await kp.selectTab(tab);
    await shot(file);
  }
  await kp.action('Delete').click();
  await kp.settled(kp.dialog(/^Delete/));
  await shot('narrow-modal-delete', false);
});
