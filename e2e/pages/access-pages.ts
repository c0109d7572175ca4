/**
 * Page objects of access management: the Resources, Access and Authorizations pages and the
 * authorization wizard, plus the shell's helpers their specs use as functions (acting as an
 * Administrator, checking a control is disabled with its reason: see ./shell-page).
 */
import { expect, type Locator, type Page } from '@playwright/test';
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

  /** Chooses the target instance by its label in the select ("Key Protect · us-south"). */
  async chooseTarget(label: string): Promise<void> {
    await this.page.getByLabel('Target instance').selectOption({ label });
  }

  /** Chooses the scope: all keys, one key ring or one root key. */
  async chooseScope(scope: 'all' | 'ring' | 'key'): Promise<void> {
    const label = {
      all: 'All keys of the instance',
      ring: 'The keys of one key ring',
      key: 'One root key',
    }[scope];
    await this.page.getByText(label, { exact: true }).click();
  }

  /** Picks a key ring from the target's rings (typing narrows the list). */
  async pickRing(id: string): Promise<void> {
    const picker = this.page.getByRole('combobox', { name: 'Key ring' });
    await picker.fill(id);
    await this.page.getByRole('option', { name: id, exact: true }).click();
    await expect(picker).toHaveValue(id);
  }

  /**
   * Types `search` into the root key picker (the engine searches names and aliases) and picks the
   * option named like `option`. The list closes on blur: re-opened by typing again.
   */
  async pickKey(search: string, option: RegExp): Promise<void> {
    const picker = this.page.getByRole('combobox', { name: 'Root key' });
    await picker.fill(search);
    // The engine answers once typing pauses: pick from its answer, not the previous list.
    await expect(this.page.getByText('Searching the keys…')).toBeHidden();
    const choice = this.page.getByRole('listbox').getByRole('option', { name: option });
    const label = (await choice.locator('.kw-key-choice__name').textContent()) ?? '';
    await choice.click();
    await expect(picker).toHaveValue(new RegExp(`^${label} `));
  }
}
