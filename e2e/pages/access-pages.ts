/**
 * Page objects of access management: the Resources, Access and Authorizations pages and the
 * authorization wizard, plus the shell's helpers their specs use as functions (acting as an
 * Administrator, checking a control is disabled with its reason: see ./shell-page).
 */
import type { Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export async function actAs(page: Page, name: string): Promise<void> {
  await new ShellPage(page).actAs(name);
}

export async function openPage(page: Page, path: string, heading: string): Promise<void> {
  await new ShellPage(page).openPage(path, heading);
}

/** The control is visible, disabled, and its tooltip names the reason. */
export async function expectDisabledWithReason(
  page: Page,
  control: Locator,
  reason: string | RegExp,
): Promise<void> {
  await new ShellPage(page).expectDisabledWithReason(control, reason);
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
