/**
 * Page object of the Demo page (/demo) and the walkthrough panel (issue 12).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

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
    return this.page.locator('.cds--toast-notification').filter({ hasText: text });
  }

  async dismissToasts(): Promise<void> {
    const close = this.page.locator('.cds--toast-notification__close-button');
    while ((await close.count()) > 0) await close.first().click();
  }

  async shot(name: string): Promise<void> {
    mkdirSync('/tmp/shots-presenter', { recursive: true });
    for (const width of [1440, 1024, 600]) {
      await this.page.setViewportSize({ width, height: 900 });
      await this.page.waitForTimeout(200);
      await this.page.screenshot({
        path: `/tmp/shots-presenter/${name}-${width}.png`,
        fullPage: true,
      });
    }
    await this.page.setViewportSize({ width: 1280, height: 720 });
  }
}
