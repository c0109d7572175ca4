/**
 * The console pointed at a real Keyward server (PGlite in a temporary folder, spawned as
 * `npm run serve` would run it): Settings checks the address and key and says what failed; once
 * connected, the header says so, the persona is the API key's user, the presenter kit is off
 * with the reason; and two people in two browsers run a key's lifecycle and a dual-authorization
 * deletion through the server, each seeing the other's changes through its notices. What the
 * consoles show comes from the server: a key made over HTTP by a script appears in them, and what
 * they do is on the server.
 */
import type { Browser, Page } from '@playwright/test';
import type { Session, KeyList } from '../src/domain/api';
import { expect, expectNoSeriousAxe, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';
import { freePort, startE2eServer, type E2eServer } from './server-fixture';

test.describe.configure({ mode: 'serial' });

const SHOTS = '/tmp/shots-remote';
let server: E2eServer;
const keys = { manager: '', writer: '' };
let instanceId = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startE2eServer();
  keys.manager = await server.apiKey('user-manager');
  keys.writer = await server.apiKey('user-writer');
  const session = await server.rpc<Session>(server.adminKey, 'getSession', []);
  instanceId = session.instances.find((i) => i.kind === 'kms')!.id;
  // A second Manager for dual authorization: the Administrator gives Wren the Manager role.
  await server.rpc(server.adminKey, 'grantAccess', [
    { userId: 'user-admin', instanceId },
    { userId: 'user-writer', role: 'Manager', scope: { instanceId } },
  ]);
});
test.afterAll(async () => server?.stop());

const host = () => new URL(server.url).host;

async function connect(page: Page, apiKey: string, name: string): Promise<void> {
  await page.goto('/settings');
  await expect(page.getByTestId('engine-indicator')).toHaveText('In-browser engine');
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('API key', { exact: true }).fill(apiKey);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('engine-indicator')).toHaveText(`Server ${host()}`);
  await expect(page.getByTestId('acting-user')).toContainText(name);
  await expect(page.getByTestId('server-connected')).toContainText(name);
}

/** A second person's browser, failing on CSP violations as the first does. */
async function secondBrowser(browser: Browser) {
  const context = await browser.newContext();
  const violations: string[] = [];
  context.on('page', (p) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    }),
  );
  return { context, page: await context.newPage(), violations };
}

test('Settings checks the server address and key, and says what failed', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/settings');
  await expect(page.getByTestId('engine-indicator')).toHaveText('In-browser engine');
  const address = page.getByLabel('Server address');
  const apiKey = page.getByLabel('API key', { exact: true });
  const test_ = page.getByRole('button', { name: 'Test connection' });

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(
    page.getByText('Enter the server’s address, such as http://127.0.0.1:8080.'),
  ).toBeVisible();
  await expect(page.getByText('Enter the API key.')).toBeVisible();
  await address.fill('ftp://127.0.0.1:8080');
  await expect(page.getByText('The address must start with http:// or https://.')).toBeVisible();
  await address.fill('http://kms.example.com');
  await expect(page.getByText(/Use https:\/\/ for a server on another machine/)).toBeVisible();

  // Nothing listens there.
  await address.fill(`http://127.0.0.1:${await freePort()}`);
  await apiKey.fill(server.adminKey);
  await test_.click();
  await expect(page.getByText('Server unreachable')).toBeVisible();
  await expect(page.getByText(/No Keyward server answered at/)).toBeVisible();

  // The server answers, but not to this key.
  await address.fill(server.url);
  await apiKey.fill('not-a-real-key');
  await test_.click();
  await expect(page.getByText('API key refused')).toBeVisible();
  await expect(page.getByText(/Provided API key could not be found/)).toBeVisible();
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: `${SHOTS}/settings-refused-1440.png`, fullPage: true });

  await apiKey.fill(server.adminKey);
  await test_.click();
  await expect(page.getByText('Connection works')).toBeVisible();
  await expect(page.getByText(/the key acts as Ada Admin/)).toBeVisible();
  // Testing changed nothing: still the in-browser engine.
  await expect(page.getByTestId('engine-indicator')).toHaveText('In-browser engine');
  for (const width of [1024, 600]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.screenshot({ path: `${SHOTS}/settings-tested-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('engine-indicator')).toHaveText(`Server ${host()}`);
  await expect(page.getByTestId('acting-user')).toContainText('Ada Admin');
  await expect(page.getByTestId('server-connected')).toContainText(server.url);
  await expectNoSeriousAxe(page);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: `${SHOTS}/settings-connected-dark-1440.png`, fullPage: true });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // On a server, you are the key's user: the other personas cannot be chosen.
  await page.getByRole('button', { name: /^Switch user/ }).click();
  await expect(page.getByRole('radio', { name: /^Max Manager/ })).toBeDisabled();
  await expect(page.getByRole('radio', { name: /^Ada Admin/ })).toBeChecked();
  await expect(page.getByText(/you act as your API key’s user/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/persona-panel-server.png` });
  await page.getByRole('button', { name: /^Switch user/ }).click();

  // The presenter kit is the browser's: off on a server, with the reason.
  await page.goto('/demo');
  const save = page.getByRole('button', { name: 'Save checkpoint' });
  await expect(save).toBeDisabled();
  await save.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
  await expect(
    page.getByRole('tooltip').filter({ hasText: 'Not on a Keyward server: checkpoints' }),
  ).toBeVisible();

  // Disconnect: the in-browser engine again.
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByTestId('engine-indicator')).toHaveText('In-browser engine');
  await expect(page.getByLabel('Server address')).toBeVisible();
});

test('two people on one server: a key’s lifecycle, a dual-authorization deletion, the events', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const ctx = { userId: 'user-manager', instanceId };
  // A script makes a key over HTTP; the console, connected, lists it: its keys are the server's.
  await server.rpc(keys.manager, 'createKey', [
    ctx,
    { name: 'made-by-script', extractable: false },
  ]);

  await connect(page, keys.manager, 'Max Manager');
  const keysPage = new KeysPage(page);
  await keysPage.open();
  await expect(keysPage.row('made-by-script')).toBeVisible();

  // Created in the console: the server has it.
  await keysPage.createKey({ name: 'server-lifecycle' });
  await expect(keysPage.row('server-lifecycle')).toBeVisible();
  const listed = await server.rpc<KeyList>(keys.manager, 'listKeys', [
    ctx,
    { search: 'server-lifecycle' },
  ]);
  expect(listed.total).toBe(1);
  const id = listed.keys[0]!.id;

  const kp = new KeyPage(page);
  await kp.open(id);
  await kp.action('Rotate').click();
  await kp.dialog('Rotate “server-lifecycle”?').getByRole('button', { name: 'Rotate key' }).click();
  await kp.expectToast('Key rotated');
  await kp.action('Disable').click();
  const disable = kp.dialog('Disable “server-lifecycle”?');
  await kp.settled(disable);
  await disable.getByRole('button', { name: 'Disable key' }).click();
  await kp.expectToast('Key disabled');
  await expect(kp.field('State')).toContainText('Disabled — state 2 (Suspended)');
  await kp.action('Enable').click();
  await kp.expectActionRefused('Enable', 'Too early', '30 seconds after it was disabled');
  // The Administrator moves the server's clock (a script, over HTTP): the console follows.
  await server.rpc(server.adminKey, 'advanceTime', [{ userId: 'user-admin', instanceId }, 31_000]);
  await kp.action('Enable').click();
  await kp.expectToast('Key enabled');
  await expect(kp.field('State')).toContainText('Enabled — state 1 (Active)');

  // Dual authorization set by a script: the open page hears it from the server's notices.
  await server.rpc(keys.manager, 'putKeyPolicies', [
    ctx,
    id,
    { dualAuthDelete: { enabled: true } },
  ]);
  await expect(kp.field('Dual authorization')).toContainText('On');
  await kp.action('Schedule deletion').click();
  await kp.expectToast('Deletion scheduled');
  await expect(page.getByText('Deletion scheduled by Max Manager.', { exact: true })).toBeVisible();
  await kp.expectDisabledWithReason(
    kp.action('Delete'),
    'You scheduled this deletion. Dual authorization needs a different user to delete the key.',
  );

  // The second Manager, in another browser, connected with her own key, deletes it.
  const second = await secondBrowser(browser);
  await connect(second.page, keys.writer, 'Wren Writer');
  const other = new KeyPage(second.page);
  await other.open(id);
  await expect(
    second.page.getByText('Deletion scheduled by Max Manager.', { exact: true }),
  ).toBeVisible();
  await other.action('Delete').click();
  const dialog = other.dialog('Delete “server-lifecycle”?');
  await other.settled(dialog);
  await expect(dialog).toContainText('Max Manager scheduled this deletion');
  await dialog
    .getByLabel('Type the key name to confirm: server-lifecycle')
    .fill('server-lifecycle');
  await dialog.getByRole('button', { name: 'Delete key' }).click();
  await other.expectToast('Key deleted');
  await expect(other.field('State')).toContainText('Deleted');
  await second.page.screenshot({ path: `${SHOTS}/key-deleted-second-browser.png`, fullPage: true });

  // The first browser sees it through the server.
  await expect(kp.field('State')).toContainText('Deleted');
  await kp.expectHistory('Scheduled deletion', 'Max Manager', 'Success');
  await kp.expectHistory('Deleted', 'Wren Writer', 'Success');

  // The events page: the server's audit log, both people in it.
  const events = new EventsPage(page);
  await events.open();
  await events.search.fill(id);
  await expect(events.rows('kms.secrets.delete').filter({ hasText: 'Wren Writer' })).toHaveCount(1);
  await expect(
    events.rows('kms.secrets.setkeyfordeletion').filter({ hasText: 'Max Manager' }),
  ).toHaveCount(1);
  await expect(events.rows('kms.secrets.rotate').filter({ hasText: 'Max Manager' })).toHaveCount(1);
  await expect(page.getByTestId('engine-indicator')).toHaveText(`Server ${host()}`);
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: `${SHOTS}/events-server.png`, fullPage: true });
  expect(second.violations).toEqual([]);
  await second.context.close();
});
