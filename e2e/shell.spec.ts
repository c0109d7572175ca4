/**
 * The console shell in real Chromium: light and dark theme, the demo clock, and navigation.
 */
import { expect, test } from './fixtures';

test('the theme toggle switches to dark, is remembered, and dark has no serious axe violations', async ({
  page,
  keysPage,
  shell,
  axe,
}) => {
  await keysPage.open();
  await expect(page.locator('.kw-app')).toHaveClass(/cds--white/);
  await shell.toggleTheme('g100');
  await expect(page.locator('.kw-app')).toHaveClass(/cds--g100/);
  await keysPage.createKey({ name: 'dark-key', aliases: 'dark-alias' });
  await page.reload();
  await expect(page.locator('.kw-app')).toHaveClass(/cds--g100/);
  await expect(keysPage.row('dark-key')).toBeVisible();
  await axe.expectNoSerious();
  await shell.toggleTheme('white');
  await expect(page.locator('.kw-app')).toHaveClass(/cds--white/);
});

test('the demo clock moves engine time forward from the header', async ({
  page,
  keysPage,
  engine,
  shell,
  axe,
}) => {
  await keysPage.open();
  // Moving the clock is an account Administrator's action (SPEC section 13).
  await keysPage.actAs('Ada Admin');
  const panel = await shell.openClock();
  await expect(panel.getByText('real time')).toBeVisible();
  await panel.getByRole('button', { name: '+4 hours' }).click();
  await expect(page.getByText('Clock advanced')).toBeVisible();
  await expect(panel.getByText('4 h ahead of real time')).toBeVisible();
  await axe.expectNoSerious();

  const manager = await engine.kms('user-manager');
  const offset = await page.evaluate(async () => (await window.keyward.getSession()).clockOffsetMs);
  expect(offset).toBe(4 * 3600_000);
  const events = await page.evaluate(
    async (ctx) =>
      (await window.keyward.listEvents(ctx, { action: 'keyward.clock.advance' })).events,
    manager,
  );
  expect(events[0]).toMatchObject({ outcome: 'success', initiator: { id: 'user-admin' } });
});

test('the side navigation reaches the pages that exist, and unknown paths say so', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'keys' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
});

test('an engine worker that does not load is an error with a retry, and the retry starts it', async ({
  page,
  axe,
}) => {
  // The worker script fails to load, as a blocked or broken deployment would make it.
  await page.route(/engine\.worker-[^/]*\.js$/, (route) => route.abort());
  await page.goto('/keys');
  const failure = page.getByText('The key engine did not start');
  await expect(failure).toBeVisible();
  await expect(page.getByText('Opening the key engine')).toBeHidden();
  await axe.expectNoSerious();

  await page.unroute(/engine\.worker-[^/]*\.js$/);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  await expect(failure).toBeHidden();
  // The retried engine answers the console's calls.
  const session = await page.evaluate(async () => (await window.keyward.getSession()).users);
  expect(session.length).toBeGreaterThan(0);
});
