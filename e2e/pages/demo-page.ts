/**
 * Page object of the Demo page (/demo) and the walkthrough panel (issue 12).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { Shots } from '../shots';
import { ShellPage } from './shell-page';

export class DemoPage {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: /^Walkthrough:/ });
  }

  async open(): Promise<void> {
    await this.page.goto('/demo');
    // The first open of a profile bootstraps the account: give a loaded machine time.
    await expect(this.page.getByRole('heading', { name: 'Demo', level: 1 })).toBeVisible({
      timeout: 30_000,
    });
    await expect(this.page.getByTestId('acting-user')).toBeVisible();
  }

  scenario(id: string): Locator {
    return this.page.getByTestId(`scenario-${id}`);
  }

  async loadScenario(id: string, title: string): Promise<void> {
    await this.scenario(id).getByRole('button', { name: 'Load scenario' }).click();
    const dialog = this.page.getByRole('dialog', { name: `Load “${title}”?` });
    await dialog.getByRole('button', { name: 'Load scenario' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
  }

  step(id: string): Locator {
    return this.panel.getByTestId(`walkthrough-step-${id}`);
  }

  async expectStepDone(id: string): Promise<void> {
    await expect(this.step(id)).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  }

  /** Follows the step's link in the panel. */
  async follow(id: string): Promise<void> {
    await this.step(id).getByRole('link').click();
  }

  toast(text: string | RegExp): Locator {
    return new ShellPage(this.page).toast(text);
  }

  async dismissToasts(): Promise<void> {
    await new ShellPage(this.page).dismissToasts();
  }

  /** Screenshots at 1440, 1024 and 600 px into KEYWARD_SHOTS or else /tmp/shots-presenter. */
  async shot(name: string): Promise<void> {
    await new Shots(this.page, process.env.KEYWARD_SHOTS ?? '/tmp/shots-presenter').widths(name, {
      settleMs: 200,
    });
  }
}
