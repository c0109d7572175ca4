/**
 * Date and time fields (issue 15): Carbon's date picker and a 24-hour time field instead of the
 * browser's datetime-local inputs. A key's expiration picked in the calendar reaches the engine
 * as that local moment; a past one is refused in the form, in the engine's words, and creates
 * nothing; the events page's From and To narrow the list; the calendar is readable in the dark
 * theme. Screenshots of each state go to /tmp/dates-shots.
 */
import type { Page } from '@playwright/test';
import { expect, kmsContext, Shots, test } from './fixtures';
import { DateTimeField, localDate } from './pages/date-time-field';
import { EventsPage } from './pages/events-page';
import { KeysPage } from './pages/keys-page';
import { ShellPage } from './pages/shell-page';

const SHOTS = '/tmp/dates-shots';
const DAY = 24 * 60 * 60 * 1000;

async function keysNamed(page: Page, name: string) {
  const ctx = await kmsContext(page, 'user-manager');
  return page.evaluate(
    async ([c, n]) => (await window.keyward.listKeys(c, { search: `exact:${n}` })).keys,
    [ctx, name] as const,
  );
}

async function openCreateKey(page: Page) {
  const keys = new KeysPage(page);
  await keys.open();
  await keys.createButton.click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await expect(dialog).toBeVisible();
  const expiration = new DateTimeField(
    page,
    dialog,
    'Expiration date (optional)',
    'Expiration time',
  );
  return { dialog, expiration };
}

/** The 15th of next month, at local midnight. */
function midNextMonth(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth() + 1, 15);
}

test('a key created with an expiration picked in the calendar expires at that local moment', async ({
  page,
}) => {
  const { dialog, expiration } = await openCreateKey(page);
  await dialog.getByLabel('Name').fill('picked-expiry');
  const day = midNextMonth();
  await expiration.pick(day);
  await expect(expiration.date).toHaveValue(localDate(day));
  // A date without a time takes midnight; the user makes it a quarter to six in the evening.
  await expect(expiration.time).toHaveValue('00:00');
  await expiration.typeTime('17:45');
  await new Shots(page).in(SHOTS).take('create-key-expiration-light', { fullPage: false });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog).toBeHidden();

  const [key] = await keysNamed(page, 'picked-expiry');
  const expected = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 17, 45);
  expect(key?.expirationDate).toBe(expected.toISOString());
});

test('a past expiration says what is wrong and how to fix it, and creates nothing', async ({
  page,
}) => {
  const { dialog, expiration } = await openCreateKey(page);
  await dialog.getByLabel('Name').fill('already-expired');
  const yesterday = new Date(Date.now() - DAY);
  await expiration.typeDate(localDate(yesterday));
  await expiration.typeTime('09:30');
  const problem = dialog.getByText('Expiration date must be in the future');
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('Pick a later date or time, or clear it.');
  await expect(expiration.date).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog).toBeVisible();
  await expect(expiration.date).toBeFocused();

  // A time that is not HH:MM is named as such, beside the field.
  await expiration.typeTime('9.30pm');
  await expect(dialog.getByText('Enter the time as HH:MM, 24-hour')).toBeVisible();
  await dialog.getByText('Enter the time as HH:MM, 24-hour').scrollIntoViewIfNeeded();
  await new Shots(page).in(SHOTS).widths('create-key-error-light');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog).toBeVisible();
  expect(await keysNamed(page, 'already-expired')).toEqual([]);

  // Fixed, it goes through.
  await expiration.typeDate(localDate(new Date(Date.now() + 2 * DAY)));
  await expiration.typeTime('09:30');
  await expect(problem).toBeHidden();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog).toBeHidden();
  expect(await keysNamed(page, 'already-expired')).toHaveLength(1);
});

test("the events page's From and To narrow the list to the events between them", async ({
  page,
  engine,
}) => {
  await new KeysPage(page).open();
  await engine.createKey({ name: 'made-first' });
  await engine.advanceTime(3 * DAY);
  await engine.createKey({ name: 'made-later' });
  const now = new Date(await engine.now());
  const events = new EventsPage(page);
  await events.open('?action=kms.secrets.create');
  await expect(events.rows()).toHaveCount(2);

  const from = new DateTimeField(page, page, 'From', 'From time');
  await from.typeDate(localDate(new Date(now.getTime() - DAY)));
  await expect(page).toHaveURL(/from=/);
  await expect(events.rows()).toHaveCount(1);
  await expect(events.rows().first()).toContainText('made-later');
  await new Shots(page).in(SHOTS).widths('events-from-light');

  // To before From: said under To, and how to fix it.
  const to = new DateTimeField(page, page, 'To', 'To time');
  await to.typeDate(localDate(new Date(now.getTime() - 2 * DAY)));
  await expect(page.getByText('Ends before it starts')).toBeVisible();
  await expect(events.rows()).toHaveCount(0);

  // Only the first key's day: From three days back, To the day after that.
  await from.typeDate(localDate(new Date(now.getTime() - 3 * DAY)));
  await from.typeTime('00:00');
  await to.pick(new Date(now.getTime() - 3 * DAY));
  await expect(to.time).toHaveValue('23:59');
  await expect(events.rows()).toHaveCount(1);
  await expect(events.rows().first()).toContainText('made-first');

  // The range lives in the URL: a reload keeps it.
  await page.reload();
  await expect(from.date).toHaveValue(localDate(new Date(now.getTime() - 3 * DAY)));
  await expect(to.time).toHaveValue('23:59');
  await expect(events.rows()).toHaveCount(1);
});

test('the calendar is readable in the dark theme', async ({ page }) => {
  await new ShellPage(page).setThemeOnEveryLoad('g100');
  const { expiration } = await openCreateKey(page);
  await expiration.date.click();
  await expect(expiration.calendar).toBeVisible();
  const colours = await expiration.calendar.evaluate((cal) => {
    const day = cal.querySelector('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)');
    return {
      background: getComputedStyle(cal).backgroundColor,
      day: day ? getComputedStyle(day).color : '',
    };
  });
  const lightness = (css: string) => {
    const [r = 0, g = 0, b = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    return (r + g + b) / 3;
  };
  // g100's layer is near black, its text near white.
  expect(lightness(colours.background)).toBeLessThan(80);
  expect(lightness(colours.day)).toBeGreaterThan(180);
  const shots = new Shots(page).in(SHOTS);
  for (const width of [1440, 1024, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await expiration.date.click();
    await expect(expiration.calendar).toBeVisible();
    await shots.take(`calendar-dark-${width}`, { fullPage: false });
  }

  // The error state and the time field, dark.
  await expiration.typeDate(localDate(new Date(Date.now() - DAY)));
  await expiration.typeTime('25:00');
  const timeProblem = page.getByText('Enter the time as HH:MM, 24-hour');
  await expect(timeProblem).toBeVisible();
  await timeProblem.scrollIntoViewIfNeeded();
  await shots.widths('create-key-error-dark');
});
