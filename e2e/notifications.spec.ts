/**
 * Notifications in the header (issue 11), on the engine clock: they appear when the demo clock
 * advances, link to where to act, and clear once acted on, including the second Manager's
 * approval of a dual-authorization deletion. axe runs with the panel open.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// This machine is shared and often loaded: waits here are generous (they end as soon as met).
const WAIT = { timeout: 30_000 };
test.describe.configure({ timeout: 180_000 });

const DAY = 86_400_000;

const bell = (page: Page) => page.getByRole('button', { name: /^Notifications:/ });

async function openPanel(page: Page) {
  const button = bell(page);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('region', { name: 'Notifications' });
}

test('an expiring key appears after advancing the clock, links to the key, and clears when handled', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.boot('/keys', 60_000);
  const writer = await engine.kms('user-writer');
  const key = await page.evaluate(
    async ([w, day]) => {
      const now = Date.parse((await window.keyward.getSession()).now);
      return window.keyward.createKey(w, {
        name: 'expires-in-45-days',
        extractable: false,
        expirationDate: new Date(now + 45 * day).toISOString(),
      });
    },
    [writer, DAY] as const,
  );
  await expect(bell(page)).toHaveAccessibleName('Notifications: none', WAIT);
  let panel = await openPanel(page);
  await expect(panel).toContainText('Nothing needs your attention.', WAIT);
  await bell(page).click();

  // Twenty days on, it expires within 30 days: the count shows without a reload.
  await shell.advanceClock(20 * DAY);
  await expect(bell(page)).toHaveAccessibleName('Notifications: 1', WAIT);
  await expect(page.getByTestId('notification-count')).toHaveText('1', WAIT);
  panel = await openPanel(page);
  await expect(panel).toContainText('Expiring soon', WAIT);
  await axe.expectNoSerious();
  await panel.getByRole('link', { name: /expires-in-45-days expires on/ }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${key.id}$`), WAIT);
  await expect(page.getByRole('heading', { name: 'expires-in-45-days', level: 1 })).toBeVisible(
    WAIT,
  );

  // Once expired, there is nothing left to warn about.
  await shell.advanceClock(30 * DAY);
  await expect(bell(page)).toHaveAccessibleName('Notifications: none', WAIT);
});

test('a dual-authorization deletion asks the second Manager, who approves it from the link', async ({
  page,
  engine,
  shell,
}) => {
  await shell.boot('/keys', 60_000);
  const admin = await engine.kms('user-admin');
  const manager = await engine.kms('user-manager');
  const key = await page.evaluate(
    async ([a, m]) => {
      const api = window.keyward;
      const mia = await api.addUser(a, {
        name: 'Mia Manager',
        email: 'mia.manager@keyward.example',
      });
      await api.grantAccess(a, {
        userId: mia.id,
        role: 'Manager',
        scope: { instanceId: m.instanceId },
      });
      const created = await api.createKey(m, { name: 'two-person', extractable: false });
      await api.putKeyPolicies(m, created.id, { dualAuthDelete: { enabled: true } });
      await api.setKeyForDeletion(m, created.id);
      return created;
    },
    [admin, manager] as const,
  );
  // Max scheduled it: he is not asked to approve his own deletion.
  await expect(bell(page)).toHaveAccessibleName('Notifications: none', WAIT);
  await shell.actAs('Mia Manager');
  await expect(bell(page)).toHaveAccessibleName('Notifications: 1', WAIT);
  const panel = await openPanel(page);
  await expect(panel).toContainText('Approval needed', WAIT);
  await panel.getByRole('link', { name: /two-person is scheduled for deletion/ }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${key.id}$`), WAIT);

  // Mia deletes it (the second approval): the notification is gone.
  await page
    .getByRole('group', { name: 'Lifecycle actions' })
    .getByRole('button', { name: 'Delete' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Delete “two-person”?' });
  await expect(dialog).toContainText('Max Manager scheduled this deletion', WAIT);
  await dialog.getByLabel('Type the key name to confirm: two-person').fill('two-person');
  await dialog.getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText('Key deleted').first()).toBeVisible(WAIT);
  await expect(bell(page)).toHaveAccessibleName('Notifications: none', WAIT);

  // Four hours on, Ada (KeyPurge) is told she can purge it; 23 more days, the Managers that the
  // restore window is closing.
  await shell.advanceClock(4 * 3_600_000 + 1000);
  await shell.actAs('Ada Admin');
  await expect(bell(page)).toHaveAccessibleName('Notifications: 1', WAIT);
  await expect(await openPanel(page)).toContainText('can now be purged', WAIT);
  await shell.advanceClock(24 * DAY);
  await shell.actAs('Max Manager');
  await expect(bell(page)).toHaveAccessibleName('Notifications: 1', WAIT);
  await expect(await openPanel(page)).toContainText('can be restored only until', WAIT);
  // Restoring it handles it.
  await page.evaluate(([m, id]) => window.keyward.restoreKey(m, id), [manager, key.id] as const);
  await expect(bell(page)).toHaveAccessibleName('Notifications: none', WAIT);
});
