/**
 * The delete flow's refusal with Key Protect's code (issue 13): a key deleted meanwhile (from
 * another tab or the API) and then confirmed in an open delete dialog — the console shows Key
 * Protect's 410 KEY_DELETED_ERR as "Already deleted", with the engine's message saying what can
 * still be done; nothing more is changed.
 */
import { expect, test } from './fixtures';
import { KeyPage } from './pages/key-page';

test('delete: confirming the deletion of a key deleted meanwhile shows 410 KEY_DELETED_ERR ("Already deleted") and what can still be done', async ({
  page,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'Twice-Deleted' });
  await kp.actAs('Max Manager');
  await kp.open(key.id);
  await kp.action('Delete').click();
  const dialog = kp.dialog('Delete “Twice-Deleted”?');
  await kp.settled(dialog);
  await dialog.getByLabel('Type the key name to confirm: Twice-Deleted').fill('Twice-Deleted');

  // Meanwhile the key is deleted around this dialog.
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toBe('allowed');

  await dialog.getByRole('button', { name: 'Delete key' }).click();
  await expect(dialog.getByText('Already deleted', { exact: true })).toBeVisible();
  await expect(dialog.getByText(/Restore it within 30 days/).first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await kp.expectHistory('Deleted', 'Max Manager', 'KEY_DELETED_ERR');
});
