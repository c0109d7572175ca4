/**
 * Page object of a date-and-time field (components/date-time-field.tsx): Carbon's date picker
 * (its calendar, or typed YYYY-MM-DD) and the 24-hour HH:MM time field beside it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date as the field writes it. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export class DateTimeField {
  readonly date: Locator;
  readonly time: Locator;
  /** The open calendar (flatpickr's, hung off <body>). */
  readonly calendar: Locator;

  constructor(
    readonly page: Page,
    scope: Locator | Page,
    label: string,
    timeLabel: string,
  ) {
    this.date = scope.getByRole('textbox', { name: label, exact: true });
    this.time = scope.getByRole('textbox', { name: timeLabel, exact: true });
    this.calendar = page.locator('.flatpickr-calendar.open');
  }

  /** Opens the calendar, walks to the month of `day` and clicks it there. */
  async pick(day: Date): Promise<void> {
    await this.date.click();
    await expect(this.calendar).toBeVisible();
    const months = (cal: Date) => cal.getFullYear() * 12 + cal.getMonth();
    const today = new Date();
    for (let i = 0; i < months(day) - months(today); i++)
      await this.calendar.locator('.flatpickr-next-month').click();
    const label = day.toLocaleDateString('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
    });
    await this.calendar
      .locator('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)')
      .and(this.page.locator(`[aria-label="${label}"]`))
      .click();
    await expect(this.calendar).toBeHidden();
  }

  /** Types a date (YYYY-MM-DD) and leaves the field, as a keyboard user would. */
  async typeDate(text: string): Promise<void> {
    await this.date.fill(text);
    await this.date.press('Enter');
    await this.date.blur();
  }

  /** Types a time and leaves the field. */
  async typeTime(text: string): Promise<void> {
    await this.time.fill(text);
    await this.time.blur();
  }
}
