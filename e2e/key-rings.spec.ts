/**
 * Key rings in real Chromium (SPEC.md section 7): the key rings page as a Manager (create with
 * validation as typed, counts, link to the keys page, delete only when every key is deleted, force
 * moving deleted keys to default), moving a key from its key page, and the same controls as a
 * Writer and a Reader (disabled with the reason; the engine refuses when called directly).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { KeyPage } from './pages/key-page';

async function openRings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Key rings' }).first().click();
  await expect(page.getByRole('heading', { name: 'Key rings', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Key rings' })).toBeVisible();
}

function ringRow(page: Page, id: string): Locator {
  return page.locator(`tr[data-ring="${id}"]`);
}

async function deleteButton(page: Page, id: string): Promise<Locator> {
  return ringRow(page, id).getByRole('button', { name: `Delete ${id}` });
}

test('as a Manager: create (validated as typed), count, link, move a key, delete, force', async ({
  page,
  engine,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  await openRings(page);
  await expect(ringRow(page, 'default')).toContainText('0 keys');
  await expect(ringRow(page, 'default')).toContainText('Keyward (automatic)');
  // default can never be deleted.
  await kp.expectDisabledWithReason(
    await deleteButton(page, 'default'),
    'The default key ring always exists and cannot be deleted.',
  );
  await axe.expectNoSerious();
  await shots.take('rings-empty-wide', { top: true });

  // Create: the ID is checked as it is typed.
  await page.getByRole('button', { name: 'Create key ring' }).click();
  const dialog = kp.dialog('Create key ring');
  await kp.settled(dialog);
  const input = dialog.getByLabel('Key ring ID');
  await input.fill('a');
  await expect(dialog).toContainText('Key ring ID: use 2–100 characters (this has 1).');
  await input.fill('bad ring');
  await expect(dialog).toContainText('Key ring ID: use only letters, digits and "-".');
  await input.fill('default');
  await expect(dialog).toContainText('A key ring named “default” already exists');
  await axe.expectNoSerious();
  await shots.take('rings-create-invalid', { top: true });
  await input.fill('payments-eu');
  await expect(dialog.locator('.cds--form-requirement')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create key ring' }).click();
  await kp.expectToast('Key ring created', 'payments-eu');
  await expect(ringRow(page, 'payments-eu')).toContainText('Max Manager');

  // A key in it: the count shows, and deleting the ring is refused, saying why.
  const key = await kp.createKey({ name: 'eu-ledger-root', keyRingID: 'payments-eu' });
  await expect(ringRow(page, 'payments-eu')).toContainText('1 key');
  await kp.expectDisabledWithReason(
    await deleteButton(page, 'payments-eu'),
    '1 key is not deleted: delete it or move it to another ring first.',
  );
  expect(await kp.refusal('user-manager', 'deleteKeyRing', ['payments-eu'])).toMatchObject({
    status: 409,
    code: 'KEY_RING_NOT_EMPTY_ERR',
    message: expect.stringContaining('holds 1 key that is not deleted') as unknown as string,
  });

  // The ring links to the keys page, filtered by it.
  await ringRow(page, 'payments-eu').getByRole('link', { name: 'payments-eu' }).click();
  await expect(page).toHaveURL(/\/keys\?ring=payments-eu/);
  await expect(page.getByRole('table', { name: 'Keys' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'eu-ledger-root' })).toBeVisible();

  // Move the key back to default from its key page.
  await kp.open(key.id);
  await expect(kp.field('Key ring')).toContainText('payments-eu');
  await page.getByRole('button', { name: 'Move to another ring' }).click();
  const move = kp.dialog('Move eu-ledger-root to another key ring');
  await kp.settled(move);
  await expect(move.getByLabel('Destination key ring')).toHaveValue('default');
  await axe.expectNoSerious();
  await shots.take('key-move-modal', { top: true });
  await move.getByRole('button', { name: 'Move key' }).click();
  await kp.expectToast('Key moved', 'now in key ring default');
  await expect(page.getByTestId('key-ring')).toHaveText('default');
  await kp.expectHistory('kms.secrets.patch', 'Max Manager', 'success');

  // Now empty: the ring can be deleted (typed confirmation).
  await openRings(page);
  await expect(ringRow(page, 'payments-eu')).toContainText('0 keys');
  await (await deleteButton(page, 'payments-eu')).click();
  const confirm = kp.dialog('Delete key ring payments-eu');
  await kp.settled(confirm);
  await expect(confirm.getByRole('button', { name: 'Delete key ring' })).toBeDisabled();
  await confirm.getByLabel('Type the key ring ID to confirm: payments-eu').fill('payments-eu');
  await confirm.getByRole('button', { name: 'Delete key ring' }).click();
  await kp.expectToast('Key ring deleted', 'payments-eu');
  await expect(ringRow(page, 'payments-eu')).toHaveCount(0);

  // A ring whose keys are all deleted: force moves them to default.
  const ctx = await engine.kms('user-manager');
  await page.evaluate((c) => window.keyward.createKeyRing(c, 'retired'), ctx);
  const old = await kp.createKey({ name: 'retired-root', keyRingID: 'retired' });
  await page.evaluate(([c, id]) => window.keyward.deleteKey(c, id), [ctx, old.id] as const);
  await expect(ringRow(page, 'retired')).toContainText('1 key (1 deleted)');
  await (await deleteButton(page, 'retired')).click();
  const force = kp.dialog('Delete key ring retired');
  await kp.settled(force);
  await expect(force).toContainText('This ring holds 1 deleted key');
  await expect(force).toContainText('moves it to the default key ring first');
  await shots.take('rings-delete-force', { top: true });
  await force.getByLabel('Type the key ring ID to confirm: retired').fill('retired');
  await force.getByRole('button', { name: 'Move keys and delete ring' }).click();
  await kp.expectToast('Key ring deleted', 'moved to default');
  await expect(ringRow(page, 'default')).toContainText('2 keys (1 deleted)');
  const moved = await page.evaluate(([c, id]) => window.keyward.getKeyMetadata(c, id), [
    ctx,
    old.id,
  ] as const);
  expect(moved.keyRingID).toBe('default');
});

test('long ring IDs, many rings, and a narrow window', async ({ page, engine, axe, shots }) => {
  const kp = new KeyPage(page);
  await kp.start();
  const ctx = await engine.kms('user-manager');
  const long =
    'customer-managed-keys-for-the-eu-payments-platform-production-ledger-buckets-2026-q1-archive-x';
  await page.evaluate(
    async ([c, id]) => {
      await window.keyward.createKeyRing(c, id);
      for (let i = 1; i <= 8; i++) await window.keyward.createKeyRing(c, `team-${i}`);
    },
    [ctx, long] as const,
  );
  await kp.createKey({ name: 'in-long-ring', keyRingID: long });
  await page.goto('/key-rings');
  await expect(ringRow(page, long)).toContainText('1 key');
  await axe.expectNoSerious();
  await shots.take('rings-populated-wide', { top: true });
  await page.setViewportSize({ width: 600, height: 900 });
  await expect(ringRow(page, long)).toBeVisible();
  // The page never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);
  await shots.take('rings-populated-narrow', { top: true });
  await page.getByRole('searchbox', { name: 'Search key rings' }).fill('team-3');
  await expect(page.getByRole('table', { name: 'Key rings' }).locator('tbody tr')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search key rings' }).fill('nothing-like-this');
  await expect(page.getByText('No key ring matches “nothing-like-this”.')).toBeVisible();
  await shots.take('rings-no-match-narrow', { top: true });

  // Dark theme: the rings page and the key's policies tab stay accessible.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('.kw-app')).toHaveClass(/cds--g100/);
  await page.getByRole('searchbox', { name: 'Search key rings' }).fill('');
  await expect(ringRow(page, long)).toBeVisible();
  await axe.expectNoSerious();
  await shots.take('rings-dark', { top: true });
  const key = await kp.createKey({ name: 'dark-policies' });
  await kp.open(key.id, 'policies');
  await expect(page.getByRole('heading', { name: 'Rotation policy' })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Rotate automatically' })).toBeEnabled();
  await axe.expectNoSerious();
  await shots.take('policies-dark', { top: true });
});

test('as a Writer: may create rings, may not delete or move keys (disabled; engine refuses)', async ({
  page,
  engine,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const ctx = await engine.kms('user-manager');
  await page.evaluate((c) => window.keyward.createKeyRing(c, 'spare'), ctx);
  const key = await kp.createKey({ name: 'writer-sees-me' });
  await kp.actAs('Wren Writer');
  await openRings(page);
  await kp.expectDisabledWithReason(
    await deleteButton(page, 'spare'),
    'Deleting a key ring needs the Manager role.',
  );
  expect(await kp.refusal('user-writer', 'deleteKeyRing', ['spare'])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
    message: 'Wren Writer may not delete key ring "spare": this needs the Manager role.',
  });
  await page.getByRole('button', { name: 'Create key ring' }).click();
  const dialog = kp.dialog('Create key ring');
  await kp.settled(dialog);
  await dialog.getByLabel('Key ring ID').fill('writers-ring');
  await dialog.getByRole('button', { name: 'Create key ring' }).click();
  await kp.expectToast('Key ring created', 'writers-ring');
  await expect(ringRow(page, 'writers-ring')).toContainText('Wren Writer');
  await axe.expectNoSerious();
  await shots.take('rings-writer', { top: true });

  await kp.open(key.id);
  await kp.expectDisabledWithReason(
    page.getByRole('button', { name: 'Move to another ring' }),
    'Moving a key to another ring needs the Manager role on both rings.',
  );
  expect(await kp.refusal('user-writer', 'setKeyRing', [key.id, 'spare'])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
  });
});

test('as a Reader: sees rings, may not create (disabled; engine refuses)', async ({
  page,
  axe,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  await kp.actAs('Rhea Reader');
  await openRings(page);
  await kp.expectDisabledWithReason(
    page.getByRole('button', { name: 'Create key ring' }),
    'Creating a key ring needs the Writer role.',
  );
  expect(await kp.refusal('user-reader', 'createKeyRing', ['readers-ring'])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
    message: 'Rhea Reader may not create key rings in this instance: this needs the Writer role.',
  });
  await axe.expectNoSerious();
});
