/**
 * Page object of the console shell around every page: opening a page once the engine has
 * answered, the persona switcher, the demo clock, the theme, the instance, and controls gated
 * with a reason in their tooltip.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { EngineDriver } from '../engine-driver';

export type Theme = 'white' | 'g100';

/** Generous: the first open of a profile bootstraps the account, slow on a loaded machine. */
const BOOT = { timeout: 30_000 };

export class ShellPage {
  constructor(readonly page: Page) {}

  /** Opens `path` and waits for the engine to answer who is here (the acting user shows). */
  async boot(path = '/keys', timeout = BOOT.timeout): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByTestId('acting-user')).toBeVisible({ timeout });
  }

  /** Opens `path` and waits for its heading and the acting user. */
  async openPage(path: string, heading: string, timeout = BOOT.timeout): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByTestId('acting-user')).toBeVisible({ timeout });
    await expect(this.page.getByRole('heading', { name: heading, level: 1 })).toBeVisible({
      timeout,
    });
  }

  /** Switches persona through the header's switcher, as a user does. */
  async actAs(name: string): Promise<void> {
    await this.page.getByRole('button', { name: /^Switch user/ }).click();
    await this.page.getByText(new RegExp(`^${name} \\(`)).click();
    await expect(this.page.getByTestId('acting-user')).toContainText(name);
  }

  /** Chooses the acting user by id for the next load of this tab (as the switcher stores it). */
  async actAsNextLoad(userId: string): Promise<void> {
    await this.page.evaluate((id) => sessionStorage.setItem('keyward.actingUserId', id), userId);
  }

  /** Chooses the acting user for every load of this page from now on, before the app starts. */
  async actAsOnEveryLoad(userId: string): Promise<void> {
    await this.page.addInitScript(
      (id) => sessionStorage.setItem('keyward.actingUserId', id),
      userId,
    );
  }

  /** Chooses the instance viewed for the next load of this tab. */
  async useInstanceNextLoad(instanceId: string): Promise<void> {
    await this.page.evaluate((id) => sessionStorage.setItem('keyward.instanceId', id), instanceId);
  }

  /** The header's demo clock panel, opened. */
  async openClock(): Promise<Locator> {
    await this.page.getByRole('button', { name: /^Demo clock/ }).click();
    return this.page.getByRole('region', { name: 'Demo clock' });
  }

  /** Moves the engine clock forward through the engine, as an Administrator. */
  async advanceClock(ms: number): Promise<void> {
    await new EngineDriver(this.page).advanceTime(ms);
  }

  /** Clicks the header's theme toggle. */
  async toggleTheme(to: Theme): Promise<void> {
    const name = to === 'g100' ? 'Switch to dark theme' : 'Switch to light theme';
    await this.page.getByRole('button', { name }).click();
  }

  /** Stores the theme for the next load (the toggle's choice is kept in localStorage). */
  async setThemeNextLoad(theme: Theme): Promise<void> {
    await this.page.evaluate((t) => localStorage.setItem('keyward.theme', t), theme);
  }

  /** The theme from the first load of this page on, before the app starts. */
  async setThemeOnEveryLoad(theme: Theme): Promise<void> {
    await this.page.addInitScript((t) => localStorage.setItem('keyward.theme', t), theme);
  }

  /** A control the user may not use: disabled, with the reason in its tooltip. */
  async expectDisabledWithReason(control: Locator, reason: string | RegExp): Promise<void> {
    await expect(control).toBeDisabled();
    await control.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
    // Carbon keeps the last tooltip in the DOM while the next opens: one of them is enough.
    await expect(this.page.getByRole('tooltip').filter({ hasText: reason }).first()).toBeVisible();
    await this.page.mouse.move(0, 0);
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.cds--toast-notification').filter({ hasText: text });
  }

  /** Closes every toast (error toasts stay until closed, over the top-right of the page). */
  async dismissToasts(): Promise<void> {
    const close = this.page.locator('.cds--toast-notification__close-button');
    while ((await close.count()) > 0) await close.first().click();
  }
}
