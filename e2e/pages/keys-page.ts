/** Page object of the keys page and the shell around it. */
import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export class KeysPage {
  readonly createButton: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.createButton = page.getByRole('button', { name: 'Create key' }).first();
    this.table = page.getByRole('table', { name: 'Keys' });
  }

  /** Opens the keys page once the engine answers (a fresh profile's first start is slow). */
  async open(): Promise<void> {
    await new ShellPage(this.page).openPage('/keys', 'Keys');
  }

  async actAs(name: string): Promise<void> {
    await new ShellPage(this.page).actAs(name);
  }

  async createKey(options: {
    name: string;
    type?: 'Root key' | 'Standard key';
    aliases?: string;
  }): Promise<void> {
    await this.createButton.click();
    const dialog = this.page.getByRole('dialog', { name: 'Create key' });
    await expect(dialog).toBeVisible();
    if (options.type) await dialog.getByText(options.type, { exact: true }).click();
    await dialog.getByLabel('Name').fill(options.name);
    if (options.aliases) await dialog.getByLabel('Aliases (optional)').fill(options.aliases);
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(dialog).toBeHidden();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }
}
