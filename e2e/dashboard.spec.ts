/**
 * The dashboard (issue 11) against the real engine: every figure equals the total the keys page
 * shows for the same filter and opens a list of exactly that many; a change in another tab
 * updates it; a Reader sees the same numbers; axe finds nothing serious; screenshots (light, dark,
 * 600 px) for looking at when KEYWARD_SHOTS names a folder.
 */
import type { Page } from '@playwright/test';
import type { EngineDriver } from './engine-driver';
import { expect, kmsContext, test } from './fixtures';

// This machine is shared and often loaded: waits here are generous (they end as soon as met).
const WAIT = { timeout: 30_000 };
test.describe.configure({ timeout: 180_000 });

const DAY = 86_400_000;

/** Keys in every state and kind, with expirations, a rotation policy, and a use. */
async function seed(page: Page): Promise<void> {
  const writer = await kmsContext(page, 'user-writer');
  const manager = await kmsContext(page, 'user-manager');
  await page.evaluate(
    async ([w, m, day]) => {
      const api = window.keyward;
      const now = Date.parse((await api.getSession()).now);
      const at = (days: number) => new Date(now + days * day).toISOString();
      const plain = await api.createKey(w, { name: 'plain-root', extractable: false });
      const rotating = await api.createKey(w, { name: 'rotating-root', extractable: false });
      await api.putKeyPolicies(m, rotating.id, { rotation: { enabled: true, interval_month: 1 } });
      await api.createKey(w, { name: 'soon', extractable: false, expirationDate: at(10) });
      await api.createKey(w, { name: 'later', extractable: true, expirationDate: at(60) });
      await api.createKey(w, { name: 'payload-a', extractable: true });
      const off = await api.createKey(w, { name: 'switched-off', extractable: true });
      await api.disableKey(m, off.id);
      const gone = await api.createKey(w, { name: 'gone', extractable: false });
      await api.deleteKey(m, gone.id);
      await api.wrap(w, plain.id);
    },
    [writer, manager, DAY] as const,
  );
}

async function figureValue(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(`figure-${id}`).locator('.kw-dash-figure-value').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

async function openDashboard(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible(WAIT);
  await expect(page.getByTestId('figure-state-1')).toBeVisible(WAIT);
}

/** Back to the dashboard from the list it opened (no reload: the engine stays up). */
async function backToDashboard(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/') await page.goBack();
  await expect(page.getByTestId('figure-state-1')).toBeVisible(WAIT);
}

/** The keys page's own total for its current filters. */
async function keysPageTotal(page: Page): Promise<number> {
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible(WAIT);
  const line = page.getByText(/^\d[\d,]* keys? match(es)? the search and filters$/);
  await expect(line).toBeVisible(WAIT);
  return Number((await line.innerText()).replace(/[^0-9]/g, '').trim());
}

test('every figure equals the keys page total for its filter, and opens exactly that list', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.boot('/keys', 60_000);
  await seed(page);
  await openDashboard(page);
  const expected: Record<string, number> = {
    'state-1': 5,
    'state-2': 1,
    'state-3': 0,
    'state-5': 1,
    'type-root': 3,
    'type-standard': 3,
    'expiring-30': 1,
    'expiring-90': 2,
    'rotation-90': 1,
  };
  // A monthly policy is due in 28–31 days, depending on the month: only compare with the list.
  expected['rotation-30'] = await figureValue(page, 'rotation-30');
  for (const [id, value] of Object.entries(expected)) {
    await backToDashboard(page);
    expect([id, await figureValue(page, id)]).toEqual([id, value]);
    await page.getByTestId(`figure-${id}`).click();
    expect([id, await keysPageTotal(page)]).toEqual([id, value]);
    // Exactly that many rows (all fit on one page).
    if (value > 0)
      await expect(page.getByRole('table', { name: 'Keys' }).locator('tbody tr')).toHaveCount(
        value,
      );
  }

  // Posture: each check's count equals the list its link opens.
  for (const [check, value] of [
    ['root-without-rotation', 2],
    ['expiring-30d', 1],
    ['instance-dual-auth', 6],
    ['unused-90d', 0],
  ] as const) {
    await backToDashboard(page);
    const item = page.getByTestId(`posture-${check}`);
    await expect(item.getByTestId('posture-count')).toHaveText(String(value), WAIT);
    await item.getByRole('link').click();
    expect([check, await keysPageTotal(page)]).toEqual([check, value]);
  }
  await openDashboard(page);
  await expect(page.getByTestId('posture-payload-readers')).toContainText(
    'Max Manager, Wren Writer',
  );
  // The figures were counted by the engine: its own list agrees.
  const ctx = await engine.kms('user-reader');
  const listed = await page.evaluate(
    (c) => window.keyward.listKeys(c, { extractable: false, noRotationPolicy: true, limit: 1 }),
    ctx,
  );
  expect(listed.total).toBe(2);
  await axe.expectNoSerious();
});

test('a change in another tab updates the dashboard; a Reader sees the same figures', async ({
  page,
  context,
  shell,
  axe,
}) => {
  await shell.boot('/keys', 60_000);
  await seed(page);
  await openDashboard(page);
  await expect(page.getByTestId('figure-state-1').locator('.kw-dash-figure-value')).toHaveText(
    '5',
    WAIT,
  );
  // Charts load in their own chunk, after the figures.
  await expect(page.locator('.cds--chart-holder').first()).toBeVisible(WAIT);

  const other = await context.newPage();
  await other.goto('/keys');
  await expect(other.getByTestId('acting-user')).toBeVisible(WAIT);
  const writer = await kmsContext(other, 'user-writer');
  await other.evaluate(
    (c) => window.keyward.createKey(c, { name: 'from-tab-2', extractable: false }),
    writer,
  );
  await expect(page.getByTestId('figure-state-1').locator('.kw-dash-figure-value')).toHaveText(
    '6',
    WAIT,
  );
  await expect(page.getByTestId('figure-type-root').locator('.kw-dash-figure-value')).toHaveText(
    '4',
  );
  await other.close();

  await shell.actAs('Rhea Reader');
  await expect(page.getByTestId('figure-state-1').locator('.kw-dash-figure-value')).toHaveText(
    '6',
    WAIT,
  );
  await expect(
    page.getByTestId('posture-root-without-rotation').getByTestId('posture-count'),
  ).toHaveText('3', WAIT);
  await axe.expectNoSerious();
});

/** The events page's own total for the filters in its URL. */
async function eventsPageTotal(page: Page): Promise<number> {
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible(WAIT);
  const line = page.getByText(/^\d[\d,]* events? match(es)? these filters, newest first$/);
  await expect(line).toBeVisible(WAIT);
  return Number((await line.innerText()).split(' ')[0]!.replace(/[^0-9]/g, ''));
}

/**
 * Each operations figure (24 h) opens the events page listing exactly that many events. Reads
 * are audited too, so the successes are counted with the console quiet: the page loads on 7 days,
 * then the period alone changes (one engine read), and the figure is clicked.
 */
async function operationsOpenTheirEvents(page: Page): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (const [id, outcome] of [
    ['ops-success', 'success'],
    ['ops-failure', 'failure'],
  ] as const) {
    await expect(async () => {
      await openDashboard(page);
      await page.getByText('24 hours', { exact: true }).click();
      await expect(page.getByRole('radio', { name: '24 hours' })).toBeChecked();
      // The 24-hour answer is shown once its link starts at most 25 hours back.
      const figure = page.getByTestId(`figure-${id}`);
      await expect
        .poll(async () => {
          const href = new URL((await figure.getAttribute('href')) ?? '', page.url());
          const span =
            Date.parse(href.searchParams.get('to') ?? '') -
            Date.parse(href.searchParams.get('from') ?? '');
          return span <= 25 * 3_600_000;
        })
        .toBe(true);
      const value = await figureValue(page, id);
      await figure.click();
      await expect(page).toHaveURL(/\/events\?/);
      const url = new URL(page.url());
      expect([url.pathname, url.searchParams.get('outcome')]).toEqual(['/events', outcome]);
      expect([id, await eventsPageTotal(page)]).toEqual([id, value]);
      const rows = page.getByRole('table', { name: 'Events' }).locator('tbody > tr.kw-events-row');
      await expect(rows).toHaveCount(Math.min(value, 50), WAIT);
      seen[id] = value;
    }).toPass({ timeout: 90_000 });
  }
  return seen;
}

/** The figures that do not move when someone reads: keys by state and type, upcoming, posture. */
async function keyFigures(page: Page): Promise<Record<string, string>> {
  await openDashboard(page);
  const out: Record<string, string> = {};
  for (const id of [
    'state-1',
    'state-2',
    'state-3',
    'state-5',
    'type-root',
    'type-standard',
    'expiring-30',
    'expiring-90',
    'rotation-30',
    'rotation-90',
  ])
    out[id] = await page
      .getByTestId(`figure-${id}`)
      .locator('.kw-dash-figure-value')
      .innerText(WAIT);
  for (const check of ['root-without-rotation', 'expiring-30d', 'instance-dual-auth', 'unused-90d'])
    out[check] = await page
      .getByTestId(`posture-${check}`)
      .getByTestId('posture-count')
      .innerText(WAIT);
  return out;
}

/** The names of the buttons the dashboard itself offers (not the header's). */
async function dashboardButtons(page: Page): Promise<string[]> {
  await openDashboard(page);
  const names = await page
    .locator('main .kw-dash-figures, main [data-testid^="posture-"]')
    .getByRole('button')
    .allInnerTexts();
  return names.sort();
}

test('the operations figures open exactly that many events, as Manager; a Reader sees the same, read-only', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.boot('/keys', 60_000);
  await seed(page);
  // A refusal, so both figures count something.
  const reader = await engine.kms('user-reader');
  await page.evaluate(async (c) => {
    const listed = await window.keyward.listKeys(c, { limit: 1 });
    await window.keyward.disableKey(c, listed.keys[0]!.id).catch(() => undefined);
  }, reader);

  await shell.actAs('Max Manager');
  const manager = await operationsOpenTheirEvents(page);
  expect(manager['ops-success']).toBeGreaterThan(0);
  expect(manager['ops-failure']).toBeGreaterThan(0);
  const managerFigures = await keyFigures(page);
  const managerButtons = await dashboardButtons(page);

  await shell.actAs('Rhea Reader');
  expect(await keyFigures(page)).toEqual(managerFigures);
  // Read-only: the figures are links; no control beyond what a Manager has (there are none).
  expect(await dashboardButtons(page)).toEqual(managerButtons);
  expect(managerButtons).toEqual([]);
  const readerOps = await operationsOpenTheirEvents(page);
  // The Reader sees the instance's events as the Manager does: the same refusals (reads since
  // are successes, and audited too, so that count has grown).
  expect(readerOps['ops-failure']).toBe(manager['ops-failure']);
  expect(readerOps['ops-success']).toBeGreaterThan(manager['ops-success']!);
  await openDashboard(page);
  await axe.expectNoSerious();
});

/**
 * 30 keys in mixed states with long names (some 90 characters), expirations and rotations over
 * the next 90 days, and buckets on five of them (one with a long name): the dashboard as an instance in use looks.
 */
async function seedMixed(page: Page, engine: EngineDriver): Promise<void> {
  await engine.authorizeStorage();
  const writer = await kmsContext(page, 'user-writer');
  const manager = await kmsContext(page, 'user-manager');
  const storage = await engine.cos('user-writer');
  await page.evaluate(
    async ([w, m, c, day]) => {
      const api = window.keyward;
      const now = Date.parse((await api.getSession()).now);
      const long = 'payments-ledger-eu-west-production-envelope-root-key-for-the-quarterly-close';
      const keys = [];
      for (let i = 0; i < 30; i++) {
        const name = i % 5 === 0 ? `${long}-${String(i).padStart(2, '0')}` : `team-key-${i}`;
        keys.push(
          await api.createKey(w, {
            name,
            extractable: i % 3 === 0,
            ...(i % 4 === 0
              ? { expirationDate: new Date(now + (5 + i * 3) * day).toISOString() }
              : {}),
          }),
        );
      }
      for (const [i, k] of keys.entries()) {
        if (i % 6 === 1)
          await api.putKeyPolicies(m, k.id, { rotation: { enabled: true, interval_month: 1 } });
        if (i % 7 === 2 && i % 3 !== 0) await api.wrap(w, k.id);
      }
      const rotating = keys.filter((_, i) => i % 6 === 1);
      for (const [i, k] of rotating.entries())
        await api.createBucket(c, {
          name: `ledger-archive-${i}`,
          encryption: { type: 'customer', keyCrn: k.crn },
        });
      for (const [i, k] of keys.entries()) {
        if (i % 9 === 4) await api.disableKey(m, k.id);
        if (i === 8 || i === 27) await api.deleteKey(m, k.id);
      }
    },
    [writer, manager, storage, DAY] as const,
  );
}

test('screenshots: light and dark at 1440, 1024 and 600 px, 30 keys with long names', async ({
  page,
  shell,
  engine,
  axe,
  shots,
}) => {
  await shell.boot('/keys', 60_000);
  await seedMixed(page, engine);
  for (const theme of ['white', 'g100'] as const) {
    if (theme === 'g100') await shell.toggleTheme('g100');
    for (const width of [1440, 1024, 600]) {
      await page.setViewportSize({ width, height: 1000 });
      await openDashboard(page);
      await expect(page.locator('.cds--chart-holder').first()).toBeVisible(WAIT);
      await page.waitForTimeout(600);
      await shots.take(`dashboard-${theme}-${width}`, { fullPage: true });
      // Nothing scrolls sideways, and the legends say whole names.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await expect(page.getByText('Scheduled rotations', { exact: true }).first()).toBeVisible();
    }
  }
  await axe.expectNoSerious();
});
