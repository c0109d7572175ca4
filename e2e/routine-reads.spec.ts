/**
 * Routine reads on a key's History tab (issue 15): the engine leaves them out by default, as on
 * the events page, with the same switch; turning it off shows them, and the URL (`reads=all`)
 * keeps that through a reload. A refused read is never hidden.
 */
import { expect, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';

test('the History tab hides routine reads by default; the switch shows them and the URL keeps it', async ({
  page,
  engine,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'audited' });
  await engine.call(await engine.kms('user-manager'), 'wrap', [key.id]);
  // A Reader's refused disable is a failure: it shows whatever the switch says.
  expect(await kp.refusal('user-reader', 'disableKey', [key.id])).not.toBe('allowed');
  await kp.open(key.id, 'history');

  const rows = kp.historyRows();
  const toggle = page.getByRole('switch', { name: 'Hide routine reads' });
  // Carbon's switch is drawn by its label; a pointer clicks that.
  const flip = () => page.getByText('Hide routine reads', { exact: true }).click();
  await expect(toggle).toBeChecked();
  await expect(rows.filter({ hasText: 'Created' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Failure' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'kms.secrets.wrap' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'kms.secrets.disable' })).toHaveCount(1);
  // Opening the page read the key's metadata; that read is left out, and counted.
  await expect(rows.filter({ hasText: 'kms.secrets-metadata.read' })).toHaveCount(0);
  await expect(page.getByText(/\d+ routine reads? left out/)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('reads')).toBeNull();
  await shots.widths('history-routine-hidden');

  await flip();
  await expect(toggle).not.toBeChecked();
  await expect(page).toHaveURL(/[?&]reads=all/);
  await expect(rows.filter({ hasText: 'kms.secrets-metadata.read' }).first()).toBeVisible();
  await expect(page.getByText(/routine reads? left out/)).toBeHidden();
  const shown = await rows.count();

  await page.reload();
  await expect(page.getByRole('tab', { name: /^History/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(toggle).not.toBeChecked();
  await expect(rows.filter({ hasText: 'kms.secrets-metadata.read' }).first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(shown);

  await flip();
  await expect(toggle).toBeChecked();
  expect(new URL(page.url()).searchParams.get('reads')).toBeNull();
  await expect(rows.filter({ hasText: 'kms.secrets-metadata.read' })).toHaveCount(0);
});

test('the events page uses the same switch, kept in the same URL parameter', async ({ page }) => {
  const events = new EventsPage(page);
  await events.open();
  const toggle = page.getByRole('switch', { name: 'Hide routine reads' });
  await expect(toggle).toBeChecked();
  await expect(page.getByText(/routine reads? left out/)).toBeVisible();
  await page.getByText('Hide routine reads', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]reads=all/);
  await expect(toggle).not.toBeChecked();
  await page.reload();
  await expect(toggle).not.toBeChecked();
});
