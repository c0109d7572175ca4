/**
 * Page objects of access management: the Resources, Access and Authorizations pages and the
 * authorization wizard, plus helpers shared by their specs (acting as an Administrator, checking a
 * control is disabled with its reason).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export async function actAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Switch user/ }).click();
  await page.getByText(new RegExp(`^${name} \\(`)).click();
  await expect(page.getByTestId('acting-user')).toContainText(name);
}

export async function openPage(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await expect(page.getByTestId('acting-user')).toBeVisible();
}

/** The control is visible, disabled, and its tooltip names the reason. */
export async function expectDisabledWithReason(
  page: Page,
  control: Locator,
  reason: string | RegExp,
): Promise<void> {
  await expect(control).toBeDisabled();
  await control.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
  // Carbon keeps the last tooltip in the DOM while the next opens: one of them is enough.
  await expect(page.getByRole('tooltip').filter({ hasText: reason }).first()).toBeVisible();
  await page.mouse.move(0, 0);
}

export class WizardPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await openPage(this.page, '/authorizations/new', 'Create service authorization');
  }

  step(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name: new RegExp(`^\\d\\. ${name}$`) });
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next', exact: true }).click();
  }

  async back(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back', exact: true }).click();
  }
}
