/** Page object of the events page: its filters, search, table, chain status and exports. */
import type { Download, Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export class EventsPage {
  readonly table: Locator;
  readonly chainStatus: Locator;
  readonly search: Locator;
  readonly action: Locator;
  readonly initiator: Locator;
  readonly outcome: Locator;
  readonly target: Locator;
  readonly from: Locator;
  readonly to: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Events' });
    this.chainStatus = page.getByTestId('chain-status');
    this.search = page.getByRole('searchbox', { name: 'Search events' });
    this.action = page.getByRole('combobox', { name: 'Action' });
    this.initiator = page.getByLabel('Initiator', { exact: true });
    this.outcome = page.getByLabel('Outcome', { exact: true });
    this.target = page.getByLabel('Target', { exact: true });
    this.from = page.getByLabel('From', { exact: true });
    this.to = page.getByLabel('To', { exact: true });
  }

  async open(query = ''): Promise<void> {
    await new ShellPage(this.page).openPage(`/events${query}`, 'Events');
  }

  /** Event rows of the table (not headers, not expanded details), optionally with `text`. */
  rows(text?: string | RegExp): Locator {
    const rows = this.table.locator('tbody > tr.kw-events-row');
    return text === undefined ? rows : rows.filter({ hasText: text });
  }

  /** Types an action (or a prefix) into the action filter and commits it. */
  async filterAction(action: string): Promise<void> {
    await this.action.fill(action);
    await this.action.press('Enter');
    await this.action.blur();
  }

  async exportAs(format: 'JSON' | 'CSV'): Promise<Download> {
    const downloaded = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `Export ${format}` }).click();
    return downloaded;
  }
}
