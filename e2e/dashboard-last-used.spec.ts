/**
 * Last used (issue 11) against the real engine: the key page's overview and each version on the
 * Versions tab say who last used it, how, and link to that event; a version nobody used since it
 * was made says so. And the dashboard of a key-scoped user counts only what that user may read.
 */
import { expect, test } from './fixtures';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';

// This machine is shared and often loaded: waits here are generous (they end as soon as met).
const WAIT = { timeout: 30_000 };
test.describe.configure({ timeout: 180_000 });

test('the overview and each key version show their last use, linking to its event', async ({
  page,
  engine,
  shell,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'tracked-root' });
  const writer = await engine.kms('user-writer');
  const reader = await engine.kms('user-reader');
  // Wren wraps under version 1; an hour and more later it is rotated; Rhea unwraps the old
  // ciphertext (a use of version 1). Version 2 has not been used.
  const { ciphertext } = await page.evaluate(([w, id]) => window.keyward.wrap(w, id), [
    writer,
    key.id,
  ] as const);
  await kp.advanceTime(2 * 3_600_000);
  const rotated = await page.evaluate(([w, id]) => window.keyward.rotate(w, id), [
    writer,
    key.id,
  ] as const);
  await kp.advanceTime(3 * 60_000);
  await page.evaluate(([r, id, c]) => window.keyward.unwrap(r, id, { ciphertext: c }), [
    reader,
    key.id,
    ciphertext,
  ] as const);

  await kp.open(key.id);
  await expect(page.getByTestId('last-used')).toHaveText(
    /^Last used (under a minute|\d+ minutes?) ago by Rhea Reader: unwrap$/,
    WAIT,
  );

  await kp.selectTab('Versions');
  const versions = page.getByRole('table', { name: 'Key versions' });
  const v1 = versions.getByRole('row').filter({ hasText: key.keyVersion.id });
  const v2 = versions.getByRole('row').filter({ hasText: rotated.keyVersion.id });
  await expect(v1.getByTestId('version-last-used')).toHaveText(
    /^Last used .+ ago by Rhea Reader: unwrap$/,
    WAIT,
  );
  await expect(v2.getByTestId('version-last-used')).toHaveText('Never used');
  await axe.expectNoSerious();
  await shots.take('versions-last-used-light-1440');
  await page.setViewportSize({ width: 600, height: 900 });
  await shots.take('versions-last-used-light-600');
  await page.setViewportSize({ width: 1440, height: 900 });
  await shell.toggleTheme('g100');
  await shots.take('versions-last-used-dark-1440');

  // Now version 2 wraps: its row says so, version 1 still shows Rhea's unwrap.
  await page.evaluate(([w, id]) => window.keyward.wrap(w, id), [writer, key.id] as const);
  await expect(v2.getByTestId('version-last-used')).toHaveText(
    /^Last used .+ ago by Wren Writer: wrap$/,
    WAIT,
  );
  await expect(v1.getByTestId('version-last-used')).toContainText('Rhea Reader: unwrap');

  // The link opens the events page on exactly that use's event.
  await v1.getByTestId('version-last-used').getByRole('link').click();
  await expect(page).toHaveURL(/\/events\?/, WAIT);
  const rows = page.getByRole('table', { name: 'Events' }).locator('tbody > tr.kw-events-row');
  await expect(rows).toHaveCount(1, WAIT);
  await expect(rows).toContainText('kms.secrets.unwrap');
  await expect(rows).toContainText('Rhea Reader');
});

test('a key-scoped user’s dashboard counts that key only', async ({ page, engine, axe }) => {
  const keys = new KeysPage(page);
  await keys.open();
  const admin = await engine.kms('user-admin');
  const writer = await engine.kms('user-writer');
  await page.evaluate(
    async ([a, w]) => {
      const api = window.keyward;
      const mine = await api.createKey(w, { name: 'kims-key', extractable: false });
      await api.createKey(w, { name: 'other-root', extractable: false });
      await api.createKey(w, { name: 'other-standard', extractable: true });
      const kim = await api.addUser(a, { name: 'Kim Keyonly', email: 'kim@keyward.example' });
      await api.grantAccess(a, {
        userId: kim.id,
        role: 'Writer',
        scope: { instanceId: w.instanceId, keyId: mine.id },
      });
    },
    [admin, writer] as const,
  );
  await page.goto('/');
  await expect(page.getByTestId('figure-state-1').locator('.kw-dash-figure-value')).toHaveText(
    '3',
    WAIT,
  );
  await keys.actAs('Kim Keyonly');
  await expect(page.getByTestId('figure-state-1').locator('.kw-dash-figure-value')).toHaveText(
    '1',
    WAIT,
  );
  await expect(
    page.getByTestId('figure-type-standard').locator('.kw-dash-figure-value'),
  ).toHaveText('0');
  // The figure opens the keys page, which lists the same one key for Kim.
  await page.getByTestId('figure-state-1').click();
  await expect(page.getByText(/^1 key( matches the search and filters)?$/)).toBeVisible(WAIT);
  await axe.expectNoSerious();
});
