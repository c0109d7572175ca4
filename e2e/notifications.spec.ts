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

test('with more than 50, the panel lists the 50 soonest and links to the list of all of them', async ({
  page,
  engine,
  shell,
  shots,
  axe,
}) => {
  await shell.boot('/keys', 60_000);
  const writer = await engine.kms('user-writer');
  // 60 keys expiring within 30 days; the soonest has a long name of one word.
  const long = 'payments-ledger-eu-west-production-envelope-root-key-2026-q4-rotation-a';
  await page.evaluate(
    async ([w, day, longName]) => {
      const now = Date.parse((await window.keyward.getSession()).now);
      for (let i = 0; i < 60; i++)
        await window.keyward.createKey(w, {
          name: i === 0 ? longName : `expiring-${String(i).padStart(2, '0')}`,
          extractable: false,
          expirationDate: new Date(now + day + i * 6 * 3_600_000).toISOString(),
        });
    },
    [writer, DAY, long] as const,
  );
  await expect(bell(page)).toHaveAccessibleName('Notifications: 60', WAIT);
  await expect(page.getByTestId('notification-count')).toHaveText('60');
  const panel = await openPanel(page);
  const listed = panel.getByTestId('notifications').getByRole('listitem');
  await expect(listed).toHaveCount(50, WAIT);
  await expect(panel).toContainText('The 50 most urgent of 60; the rest are counted at the end.');
  await expect(listed.first()).toContainText(long);
  const more = panel.getByRole('list', { name: 'More notifications' });
  await expect(more.getByRole('listitem')).toHaveCount(1);
  const link = more.getByRole('link', { name: 'Expiring soon: 10 more — list all 60' });
  await expect(link).toBeVisible();
  await axe.expectNoSerious();

  // At each width and theme the panel stays inside the window and the long name inside it.
  for (const theme of ['white', 'g100'] as const) {
    if (theme === 'g100') {
      await bell(page).click();
      await shell.toggleTheme('g100');
      await openPanel(page);
    }
    for (const width of [1440, 1024, 600]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      const box = await panel.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(width);
      const item = await listed.first().getByRole('link').boundingBox();
      expect(item && box && item.x + item.width).toBeLessThanOrEqual(
        (box?.x ?? 0) + (box?.width ?? 0),
      );
      await shots.take(`panel-top-${theme}-${width}`, { fullPage: false });
      await link.scrollIntoViewIfNeeded();
      await link.hover();
      await shots.take(`panel-more-${theme}-${width}`, { fullPage: false });
      await panel.evaluate((el) => el.closest('.cds--header-panel')?.scrollTo(0, 0));
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // The link opens the keys page's own filter: exactly the 60.
  await link.click();
  await expect(page).toHaveURL(/\/keys\?expiring=30$/, WAIT);
  await expect(page.getByText(/^\d[\d,]* keys? match(es)? the search and filters$/)).toHaveText(
    '60 keys match the search and filters',
    WAIT,
  );
  await expect(bell(page)).toHaveAttribute('aria-expanded', 'false');
});
