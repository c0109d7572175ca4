/**
 * Key lifecycle on the key page, against the real engine and its clock: disable and enable (the
 * 30-second rule), delete with typed confirmation, restore, purge after 4 hours (KeyPurge only),
 * dual-authorization deletion by two people, and expiration. Each rule is shown in the UI and
 * enforced by the engine; each step is recorded in the key's history.
 */
import { expect, test } from './fixtures';
import { KeyPage } from './pages/key-page';

// Every test has its own browser context (fresh engine and database): they can run side by side.
test.describe.configure({ mode: 'parallel' });

const SECOND = 1000;

const HOUR = 3_600_000;

test('disable, then enable: too early within 30 seconds, allowed after; another tab follows', async ({
  page,
  context,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'toggled-root' });

  // A Writer may not disable: disabled with the role, and the engine refuses.
  await kp.actAs('Wren Writer');
  await kp.open(key.id);
  await kp.expectDisabledWithReason(
    kp.action('Disable'),
    'Disabling a key needs the Manager role.',
  );
  expect(await kp.refusal('user-writer', 'disableKey', [key.id])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
  });

  await kp.actAs('Max Manager');
  // A second tab on the same key refreshes from the engine's change notices.
  const other = new KeyPage(await context.newPage());
  await other.open(key.id);
  await expect(other.field('State')).toContainText('Enabled');

  await kp.action('Disable').click();
  const dialog = kp.dialog('Disable “toggled-root”?');
  await kp.settled(dialog);
  await axe.expectNoSerious();
  await dialog.getByRole('button', { name: 'Disable key' }).click();
  await kp.expectToast('Key disabled');
  await expect(kp.field('State')).toContainText('Disabled — state 2 (Suspended)');
  await expect(page.getByTestId('allowed-operations')).toHaveText(/read\s*enable\s*delete/);
  await kp.expectDisabledWithReason(kp.action('Rotate'), 'A Disabled key cannot be rotated.');
  await expect(other.field('State')).toContainText('Disabled — state 2 (Suspended)');
  await other.page.close();
  await shots.in('/tmp').take('keypage-lifecycle-disabled', { top: true });

  // Right away: the engine says it is too early.
  await kp.action('Enable').click();
  await kp.expectActionRefused('Enable', 'Too early', '30 seconds after it was disabled');
  await expect(kp.field('State')).toContainText('Disabled');

  await kp.advanceTime(31 * SECOND);
  await kp.action('Enable').click();
  await kp.expectToast('Key enabled');
  await expect(kp.field('State')).toContainText('Enabled — state 1 (Active)');

  await kp.expectHistory('Disabled', 'Max Manager', 'Success');
  await kp.expectHistory('Enabled', 'Max Manager', 'REQ_TOO_EARLY_ERR');
  await kp.expectHistory('Enabled', 'Max Manager', 'Success');
  await kp.expectHistory('Disabled', 'Wren Writer', 'UNAUTHORIZED_ERR');
});

test('delete needs the exact name typed; the deleted key shows its windows; a Manager restores it', async ({
  page,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'Doomed-Key', aliases: ['doomed'] });

  await kp.actAs('Wren Writer');
  await kp.open(key.id);
  await kp.expectDisabledWithReason(kp.action('Delete'), 'Deleting a key needs the Manager role.');
  expect(await kp.refusal('user-writer', 'deleteKey', [key.id])).toMatchObject({ status: 401 });

  await kp.actAs('Max Manager');
  await kp.action('Delete').click();
  const dialog = kp.dialog('Delete “Doomed-Key”?');
  await kp.settled(dialog);
  await expect(dialog).toContainText('No resources are protected by this key.');
  const confirm = dialog.getByRole('button', { name: 'Delete key' });
  const typed = dialog.getByLabel('Type the key name to confirm: Doomed-Key');
  await expect(confirm).toBeDisabled();
  await typed.fill('doomed-key'); // case matters
  await expect(confirm).toBeDisabled();
  await typed.fill('Doomed-Ke');
  await expect(confirm).toBeDisabled();
  await typed.fill('Doomed-Key');
  await expect(confirm).toBeEnabled();
  await axe.expectNoSerious();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await kp.expectToast('Key deleted');

  await expect(kp.field('State')).toContainText('Deleted — state 5 (Destroyed)');
  await expect(kp.field('Deleted')).toHaveText('Yes');
  // Deleting it again: Key Protect's 410 KEY_DELETED_ERR, saying what can still be done.
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toMatchObject({
    status: 410,
    code: 'KEY_DELETED_ERR',
    message: expect.stringContaining('Restore it within 30 days') as unknown as string,
  });
  await expect(kp.field('Deletion date')).toContainText('by Max Manager');
  await expect(page.getByTestId('restore-window')).toContainText(
    /Allowed until .* \(30 days left\)/,
  );
  await expect(page.getByTestId('purge-window')).toContainText('Not yet allowed');
  await expect(page.getByTestId('purge-window')).toContainText('in 4 hours');
  await expect(page.getByText(/^Deleted .* by Max Manager\.$/)).toBeVisible();
  // Aliases, name and history stay visible until purge.
  await expect(kp.field('Aliases')).toHaveText('doomed');
  await kp.expectDisabledWithReason(kp.action('Purge'), 'Purging a key needs the KeyPurge role.');
  await axe.expectNoSerious();
  await shots.in('/tmp').take('keypage-lifecycle-deleted', { top: true });

  // Right away: Key Protect's 30-second rule for restore (409 REQ_TOO_EARLY_ERR), with its reason.
  await kp.action('Restore').click();
  await kp.expectActionRefused('Restore', 'Too early', 'restored 30 seconds after it was deleted');
  await expect(kp.field('State')).toContainText('Deleted');
  await kp.advanceTime(31 * SECOND);
  await kp.action('Restore').click();
  await kp.expectToast('Key restored');
  // The next call clears the earlier refusal.
  await expect(page.locator('.kw-action-refusal')).toHaveCount(0);
  await kp.selectTab('Overview');
  await expect(kp.field('State')).toContainText('Enabled — state 1 (Active)');

  await kp.expectHistory('Deleted', 'Max Manager', 'Success');
  await kp.expectHistory('Restored', 'Max Manager', 'REQ_TOO_EARLY_ERR');
  await kp.expectHistory('Restored', 'Max Manager', 'Success');
  await kp.expectHistory('Deleted', 'Wren Writer', 'UNAUTHORIZED_ERR');
});

test('purge: only with KeyPurge, only from 4 hours after deletion; afterwards the key is gone', async ({
  page,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'purge-me' });
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toBe('allowed');

  await kp.actAs('Ada Admin');
  await kp.open(key.id);
  await kp.expectDisabledWithReason(
    kp.action('Purge'),
    /A deleted key can be purged 4 hours after deletion: from .* \(in 4 hours\)\./,
  );
  // Ada has Reader, not Manager: restore is not hers.
  await kp.expectDisabledWithReason(
    kp.action('Restore'),
    'Restoring a key needs the Manager role.',
  );
  expect(await kp.refusal('user-admin', 'purgeKey', [key.id])).toMatchObject({
    code: 'REQ_TOO_EARLY_ERR',
  });

  await kp.advanceTime(4 * HOUR);
  await expect(page.getByTestId('purge-window')).toContainText('Allowed');
  // A Manager does not have KeyPurge: disabled with the role named; the engine refuses.
  await kp.actAs('Max Manager');
  await kp.expectDisabledWithReason(kp.action('Purge'), 'Purging a key needs the KeyPurge role.');
  expect(await kp.refusal('user-manager', 'purgeKey', [key.id])).toMatchObject({
    status: 401,
    message: expect.stringContaining('KeyPurge') as unknown as string,
  });

  await kp.actAs('Ada Admin');
  await kp.expectHistory('Deleted', 'Max Manager', 'Success');
  await kp.expectHistory('Purged', 'Max Manager', 'UNAUTHORIZED_ERR');
  await kp.action('Purge').click();
  const dialog = kp.dialog('Purge “purge-me”?');
  await kp.settled(dialog);
  await expect(dialog).toContainText('This erases the key material forever');
  await expect(dialog.getByRole('button', { name: 'Purge key' })).toBeDisabled();
  await dialog.getByLabel('Type the key name to confirm: purge-me').fill('purge-me');
  await axe.expectNoSerious();
  await shots.in('/tmp').take('keypage-modal-purge', { fullPage: false });
  await dialog.getByRole('button', { name: 'Purge key' }).click();
  await kp.expectToast('Key purged');
  await expect(
    page.getByRole('heading', { name: 'Key not found — it may have been purged' }),
  ).toBeVisible();

  // Every call on it is now "not found"; its events remain.
  expect(await kp.refusal('user-manager', 'getKeyMetadata', [key.id])).toMatchObject({
    status: 404,
    code: 'KEY_NOT_FOUND_ERR',
  });
  const ctx = { userId: 'user-admin', instanceId: key.instanceId };
  const purged = await page.evaluate(
    ([c, id]) => window.keyward.listEvents(c, { target: id, action: 'kms.secrets.purge' }),
    [ctx, key.id] as const,
  );
  expect(purged.events.map((e) => [e.initiator.name, e.outcome])).toContainEqual([
    'Ada Admin',
    'success',
  ]);
});

test('dual authorization: one user schedules, a different user deletes; the scheduler cannot', async ({
  page,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'two-person-key' });
  const manager = { userId: 'user-manager', instanceId: key.instanceId };
  await page.evaluate(
    ([c, id]) => window.keyward.putKeyPolicies(c, id, { dualAuthDelete: { enabled: true } }),
    [manager, key.id] as const,
  );

  await kp.open(key.id);
  await expect(kp.field('Dual authorization')).toContainText('On');
  // Nobody scheduled it: delete is disabled and the engine refuses.
  await kp.expectDisabledWithReason(
    kp.action('Delete'),
    'Dual authorization is on: a user with delete rights must first schedule the deletion',
  );
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toMatchObject({
    code: 'AUTHORIZATIONS_NOT_MET',
  });

  // The Manager schedules; then the same Manager may not delete.
  await kp.action('Schedule deletion').click();
  await kp.expectToast('Deletion scheduled');
  await expect(page.getByText('Deletion scheduled by Max Manager.', { exact: true })).toBeVisible();
  await kp.expectDisabledWithReason(
    kp.action('Delete'),
    'You scheduled this deletion. Dual authorization needs a different user to delete the key.',
  );
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toMatchObject({
    code: 'AUTHORIZATIONS_NOT_MET',
    message: expect.stringContaining('two different users') as unknown as string,
  });
  await kp.action('Cancel scheduled deletion').click();
  await kp.expectToast('Scheduled deletion cancelled');
  await expect(kp.action('Schedule deletion')).toBeEnabled();

  // A Writer schedules (Writers may), and sees who and until when.
  await kp.actAs('Wren Writer');
  await kp.action('Schedule deletion').click();
  await kp.expectToast('Deletion scheduled');
  await expect(page.getByText('Deletion scheduled by Wren Writer.', { exact: true })).toBeVisible();
  await expect(kp.field('Dual authorization')).toContainText('The authorization lapses');
  await expect(kp.field('Dual authorization')).toContainText('in 7 days');
  await kp.expectDisabledWithReason(kp.action('Delete'), 'Deleting a key needs the Manager role.');
  await axe.expectNoSerious();
  await shots.in('/tmp').take('keypage-lifecycle-dual-scheduled', { top: true });

  // The Manager, a different user, deletes.
  await kp.actAs('Max Manager');
  await kp.action('Delete').click();
  const dialog = kp.dialog('Delete “two-person-key”?');
  await kp.settled(dialog);
  await expect(dialog).toContainText('Wren Writer scheduled this deletion');
  await dialog.getByLabel('Type the key name to confirm: two-person-key').fill('two-person-key');
  await dialog.getByRole('button', { name: 'Delete key' }).click();
  await kp.expectToast('Key deleted');
  await expect(kp.field('State')).toContainText('Deleted');

  await kp.expectHistory('Scheduled deletion', 'Wren Writer', 'Success');
  await kp.expectHistory('Scheduled deletion', 'Max Manager', 'Success');
  await kp.expectHistory('Cancelled scheduled deletion', 'Max Manager', 'Success');
  await kp.expectHistory('Deleted', 'Max Manager', 'AUTHORIZATIONS_NOT_MET');
  await kp.expectHistory('Deleted', 'Max Manager', 'Success');
});

test('expiration: once the clock passes it the key is Expired — no wrap, but unwrap still works', async ({
  page,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const now = await page.evaluate(async () => (await window.keyward.getSession()).now);
  const expires = new Date(Date.parse(now) + HOUR).toISOString();
  const key = await kp.createKey({ name: 'short-lived', expirationDate: expires });
  const writer = { userId: 'user-writer', instanceId: key.instanceId };
  const wrapped = await page.evaluate(
    ([c, id]) => window.keyward.wrap(c, id, { aad: ['ticket-42'] }),
    [writer, key.id] as const,
  );

  await kp.actAs('Wren Writer');
  await kp.open(key.id);
  await expect(kp.field('Expiration date').locator('time')).toHaveAttribute('title', expires);
  await expect(kp.field('Expiration date')).toContainText('in 1 hour');

  await kp.advanceTime(HOUR + 60 * SECOND);
  await expect(kp.field('State')).toContainText('Expired — state 3 (Deactivated)');
  await expect(kp.field('Expiration date')).toContainText('ago');
  await expect(page.getByText('An expired key never wraps again')).toBeVisible();
  await expect(page.getByTestId('allowed-operations')).toHaveText(
    /read\s*rotate\s*unwrap\s*rewrap\s*delete/,
  );

  await kp.selectTab('Key actions');
  await kp.expectDisabledWithReason(
    page.getByRole('button', { name: 'Wrap', exact: true }),
    'An Expired key cannot wrap; it can still unwrap and rewrap what it wrapped before.',
  );
  expect(await kp.refusal('user-writer', 'wrap', [key.id, {}])).toMatchObject({
    code: 'KEY_ACTION_INVALID_STATE_ERR',
  });
  const unwrapPanel = page.getByRole('region', { name: 'Unwrap or rewrap' });
  await unwrapPanel.getByLabel('Ciphertext (base64)').fill(wrapped.ciphertext);
  await unwrapPanel.getByRole('button', { name: 'Add AAD item' }).click();
  await unwrapPanel.getByRole('textbox', { name: 'AAD item 1', exact: true }).fill('ticket-42');
  await unwrapPanel.getByRole('button', { name: 'Unwrap', exact: true }).click();
  await expect(
    page
      .getByRole('region', { name: 'Unwrap result' })
      .getByRole('textbox', { name: 'Plaintext (base64)' }),
  ).toHaveText(wrapped.plaintext ?? '');
  await axe.expectNoSerious();
  await shots.in('/tmp').take('keypage-lifecycle-expired-actions', { top: true });

  await kp.expectHistory('Wrapped', 'Wren Writer', 'KEY_ACTION_INVALID_STATE_ERR');
  await kp.expectHistory('Unwrapped', 'Wren Writer', 'Success');
});
