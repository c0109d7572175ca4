/**
 * The events page end to end, in real Chromium against the built app: events of real engine
 * calls (made through the UI's engine on `window.keyward`), filters and search in the URL (reload,
 * back), the hash chain's status, JSON and CSV exports of exactly the filtered events, a Reader's
 * view, and accessibility in both themes.
 */
import type { Page } from '@playwright/test';
import type { ListEventsQuery } from '../src/domain/api';
import type { AuditEvent } from '../src/domain/types';
import { readDownload } from './downloads';
import { expect, kmsContext, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { readCsv } from '../src/features/events/read-csv';

type Ctx = { userId: string; instanceId: string };

/** Real engine calls: a Manager creates a root key and wraps with it; a Reader is refused. */
async function makeHistory(page: Page): Promise<{ keyId: string; manager: Ctx; reader: Ctx }> {
  const manager = await kmsContext(page, 'user-manager');
  const reader = await kmsContext(page, 'user-reader');
  const keyId = await page.evaluate(async (ctx) => {
    const key = await window.keyward.createKey(ctx, { name: 'audited-root', extractable: false });
    await window.keyward.wrap(ctx, key.id);
    return key.id;
  }, manager);
  const refused = await page.evaluate(async (ctx) => {
    try {
      await window.keyward.createKey(ctx, { name: 'not-allowed', extractable: false });
      return 'created';
    } catch (error) {
      return (error as { code: string }).code;
    }
  }, reader);
  expect(refused).toBe('UNAUTHORIZED_ERR');
  // Events of read-only and refused calls are group-committed within ~50 ms; listing writes them
  // at once, so a reload right after cannot lose them with the worker.
  await page.evaluate(
    async (ctx) => void (await window.keyward.listEvents(ctx, { limit: 1 })),
    reader,
  );
  return { keyId, manager, reader };
}

/** What the engine lists for `query` (every page), for comparing with an export. */
async function engineEvents(page: Page, ctx: Ctx, query: ListEventsQuery): Promise<AuditEvent[]> {
  return page.evaluate(
    async ({ ctx, query }) =>
      (await window.keyward.listEvents(ctx, { ...query, limit: 5000 })).events,
    { ctx, query },
  );
}

test('a Manager sees who did what, filters by action and outcome, and the URL keeps the filter', async ({
  page,
}) => {
  const events = new EventsPage(page);
  await events.open();
  const { keyId } = await makeHistory(page);
  await page.reload();

  const created = events.rows('kms.secrets.create').filter({ hasText: 'Max Manager' });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText('Manager');
  await expect(created).toContainText('Success');
  await expect(created.getByRole('link', { name: 'Key audited-root' })).toHaveAttribute(
    'href',
    `/keys/${keyId}`,
  );
  const wrapped = events.rows('kms.secrets.wrap');
  await expect(wrapped).toHaveCount(1);
  await expect(wrapped).toContainText('Max Manager');
  await expect(wrapped).toContainText('Success');
  const refused = events.rows('kms.secrets.create').filter({ hasText: 'Rhea Reader' });
  await expect(refused).toContainText('Reader');
  await expect(refused).toContainText('Failure: UNAUTHORIZED_ERR');

  // The reason's message is in the row's details.
  await refused.getByRole('button', { name: /^Show details of event #/ }).click();
  await expect(events.table).toContainText('needs the Writer role');

  // Filter by action: only the two creates.
  await events.filterAction('kms.secrets.create');
  await expect(page).toHaveURL(/[?&]action=kms\.secrets\.create(&|$)/);
  await expect(events.rows()).toHaveCount(2);
  await expect(events.rows('kms.secrets.wrap')).toHaveCount(0);

  // And by outcome: only the refusal.
  await events.outcome.selectOption('failure');
  await expect(page).toHaveURL(/[?&]outcome=failure(&|$)/);
  await expect(events.rows()).toHaveCount(1);
  await expect(events.rows()).toContainText('UNAUTHORIZED_ERR');
  await expect(events.rows()).toContainText('Rhea Reader');

  // A reload keeps both.
  await page.reload();
  await expect(events.rows()).toHaveCount(1);
  await expect(events.outcome).toHaveValue('failure');
  await expect(events.action).toHaveValue('kms.secrets.create');

  // Back: the filter before the outcome, then no filter at all.
  await page.goBack();
  await expect(page).not.toHaveURL(/outcome=/);
  await expect(events.outcome).toHaveValue('');
  await expect(events.rows()).toHaveCount(2);
  await expect(events.action).toHaveValue('kms.secrets.create');
  await page.goBack();
  await expect(page).not.toHaveURL(/action=/);
  await expect(events.action).toHaveValue('');
  await expect(events.rows('kms.secrets.wrap')).toHaveCount(1);
  await page.goForward();
  await expect(events.action).toHaveValue('kms.secrets.create');
  await expect(events.rows()).toHaveCount(2);
});

test('search, initiator and target filters; nothing matching shows a way back', async ({
  page,
}) => {
  const events = new EventsPage(page);
  await events.open();
  const { keyId } = await makeHistory(page);
  await page.reload();

  await events.search.fill('unauthorized');
  await expect(page).toHaveURL(/[?&]q=unauthorized(&|$)/);
  await expect(events.rows()).toHaveCount(1);
  await expect(events.rows()).toContainText('Rhea Reader');
  await events.search.fill('');
  await expect(page).not.toHaveURL(/q=/);

  await events.initiator.selectOption({ label: 'Max Manager' });
  await expect(page).toHaveURL(/[?&]initiator=user-manager(&|$)/);
  await events.target.fill(keyId);
  await events.target.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]target=${keyId}(&|$)`));
  await expect(events.rows()).toHaveCount(2);
  await expect(events.rows('kms.secrets.create')).toHaveCount(1);
  await expect(events.rows('kms.secrets.wrap')).toHaveCount(1);

  // A deep link the engine refuses: its reason, with a way out.
  await events.open('?from=yesterday');
  await expect(page.getByText('Could not load events: Check the input')).toBeVisible();
  await expect(page.getByText(/from: must be an ISO 8601 date/)).toBeVisible();
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Could not load events: Check the input')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).last().click();
  await expect(events.rows('kms.secrets.wrap')).toHaveCount(1);

  // A deep link to a filter that matches nothing.
  await events.open('?action=kms.policies.&outcome=failure');
  await expect(page.getByRole('heading', { name: 'No events match these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).last().click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(events.rows('kms.secrets.create')).toHaveCount(2);
});

test('the hash chain verifies on load and again on request', async ({ page }) => {
  const events = new EventsPage(page);
  await events.open();
  await makeHistory(page);
  await page.reload();
  await expect(events.chainStatus).toContainText(/Hash chain verified: \d+ events/);
  const first = Number(/verified: (\d+)/.exec((await events.chainStatus.textContent()) ?? '')?.[1]);
  expect(first).toBeGreaterThanOrEqual(4);
  await events.chainStatus.getByRole('button', { name: 'Verify again' }).click();
  // Verifying is itself recorded, so the next verification covers more events.
  await expect(events.chainStatus).not.toContainText(`verified: ${first} events`);
  await expect(events.chainStatus).toContainText(/Hash chain verified: \d+ events/);
});

test('exports JSON and CSV of exactly the filtered events', async ({ page }) => {
  const events = new EventsPage(page);
  await events.open();
  const { manager, keyId } = await makeHistory(page);
  // More history, so the filter has something to leave out: further wraps and a second key.
  await page.evaluate(
    async ({ ctx, keyId }) => {
      for (let i = 0; i < 3; i++) await window.keyward.wrap(ctx, keyId);
      await window.keyward.createKey(ctx, { name: 'second', extractable: false });
    },
    { ctx: manager, keyId },
  );
  await events.open(`?action=kms.secrets.&target=${keyId}`);
  await expect(events.rows()).toHaveCount(5);
  const expected = await engineEvents(page, manager, {
    action: 'kms.secrets.',
    target: keyId,
  });
  expect(expected.map((e) => e.action)).toEqual([
    'kms.secrets.wrap',
    'kms.secrets.wrap',
    'kms.secrets.wrap',
    'kms.secrets.wrap',
    'kms.secrets.create',
  ]);

  const json = await events.exportAs('JSON');
  expect(json.suggestedFilename()).toMatch(/^keyward-events-\d{8}T\d{6}Z\.json$/);
  const exported = JSON.parse(await readDownload(json)) as {
    count: number;
    filter: ListEventsQuery;
    events: AuditEvent[];
  };
  expect(exported.filter).toEqual({ action: 'kms.secrets.', target: keyId, routineReads: false });
  expect(exported.count).toBe(5);
  expect(exported.events).toEqual(expected);
  await expect(page.getByText('Exported 5 events')).toBeVisible();

  // CSV of the failures: their messages hold commas and quotes-worthy text.
  await events.open('?outcome=failure');
  await expect(events.rows()).toHaveCount(1);
  const failures = await engineEvents(page, manager, { outcome: 'failure' });
  const csv = await events.exportAs('CSV');
  expect(csv.suggestedFilename()).toMatch(/^keyward-events-\d{8}T\d{6}Z\.csv$/);
  const rows = readCsv(await readDownload(csv));
  const [header, ...records] = rows;
  expect(header?.slice(0, 4)).toEqual(['seq', 'id', 'time', 'action']);
  const column = (name: string) => header?.indexOf(name) ?? -1;
  expect(records.map((r) => r[column('id')])).toEqual(failures.map((e) => e.id));
  expect(records[0]?.[column('reason_code')]).toBe('UNAUTHORIZED_ERR');
  expect(records[0]?.[column('reason_message')]).toBe(failures[0]?.reason?.message);
  expect(records[0]?.[column('initiator_name')]).toBe('Rhea Reader');
});

test('a Reader may read the events page', async ({ page }) => {
  await page.addInitScript(() => sessionStorage.setItem('keyward.actingUserId', 'user-reader'));
  const events = new EventsPage(page);
  await events.open();
  await expect(page.getByTestId('acting-user')).toContainText('Rhea Reader');
  await makeHistory(page);
  await page.reload();
  await expect(events.chainStatus).toContainText(/Hash chain verified: \d+ events/);
  await expect(events.rows('kms.secrets.create')).toHaveCount(2);
  await events.outcome.selectOption('failure');
  await expect(events.rows()).toHaveCount(1);
  await expect(events.rows()).toContainText('UNAUTHORIZED_ERR');
});

for (const theme of ['white', 'g100'] as const) {
  test(`the events page has no serious accessibility violations (${theme} theme)`, async ({
    page,
    axe,
  }) => {
    if (theme === 'g100')
      await page.addInitScript(() => localStorage.setItem('keyward.theme', 'g100'));
    const events = new EventsPage(page);
    await events.open();
    await makeHistory(page);
    await page.reload();
    await expect(events.chainStatus).toContainText('Hash chain verified');
    await expect(events.rows('kms.secrets.wrap')).toHaveCount(1);
    await events.rows('UNAUTHORIZED_ERR').getByRole('button').click();
    await expect(events.table).toContainText('Correlation id');
    await axe.expectNoSerious();

    await events.open('?action=nothing.matches');
    await expect(
      page.getByRole('heading', { name: 'No events match these filters' }),
    ).toBeVisible();
    await axe.expectNoSerious();
  });
}
