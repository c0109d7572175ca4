/**
 * Page object of the key page (/keys/:keyId), plus shortcuts to the engine driver
 * (../engine-driver) for setting up keys on `window.keyward` (the same checks as the UI; never a
 * mock).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { CreateKeyRequest } from '../../src/domain/api';
import type { Key } from '../../src/domain/types';
import { EngineDriver, type Refusal } from '../engine-driver';
import { KeysPage } from './keys-page';
import { ShellPage } from './shell-page';

export type TabName =
  | 'Overview'
  | 'Versions'
  | 'Aliases'
  | 'Associated resources'
  | 'History'
  | 'Key actions'
  | 'Payload';

export class KeyPage {
  readonly heading: Locator;
  readonly actions: Locator;
  readonly engine: EngineDriver;
  readonly shell: ShellPage;

  constructor(readonly page: Page) {
    this.engine = new EngineDriver(page);
    this.shell = new ShellPage(page);
    this.heading = page.getByRole('heading', { level: 1 });
    this.actions = page.getByRole('group', { name: 'Lifecycle actions' });
  }

  /** Opens the console first (so the engine has bootstrapped the account). */
  async start(): Promise<void> {
    await new KeysPage(this.page).open();
  }

  async open(idOrAlias: string, tab?: string): Promise<void> {
    await this.shell.boot(`/keys/${encodeURIComponent(idOrAlias)}${tab ? `?tab=${tab}` : ''}`);
    await expect(this.heading).toBeVisible();
  }

  async actAs(name: string): Promise<void> {
    await this.shell.actAs(name);
  }

  /** Creates a key (a root key unless `extractable`) through the engine as `userId`. */
  async createKey(
    req: Omit<CreateKeyRequest, 'extractable'> & { extractable?: boolean },
    userId = 'user-manager',
  ): Promise<Key> {
    return this.engine.createKey(req, userId);
  }

  /** Moves the engine clock forward (every tab refreshes through change notices). */
  async advanceTime(ms: number): Promise<void> {
    await this.engine.advanceTime(ms);
  }

  /**
   * Calls an engine method as `userId` on the kms instance and returns its refusal as plain data
   * (or 'allowed').
   */
  async refusal(userId: string, method: string, args: unknown[]): Promise<Refusal | 'allowed'> {
    return this.engine.call(await this.engine.kms(userId), method, args);
  }

  tab(name: TabName): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async selectTab(name: TabName): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  action(name: string | RegExp): Locator {
    return this.actions.getByRole('button', { name });
  }

  /** The value shown for a field of the overview, by its label. */
  field(label: string): Locator {
    return this.page
      .locator('.kw-field')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}`) }) })
      .locator('dd');
  }

  toast(text: string | RegExp): Locator {
    return this.shell.toast(text);
  }

  /** A toast with this text appears; then every toast is closed, as a user would. */
  async expectToast(text: string | RegExp, contains?: string): Promise<void> {
    const toast = this.toast(text).first();
    await expect(toast).toBeVisible();
    if (contains) await expect(toast).toContainText(contains);
    await this.dismissToasts();
  }

  /**
   * A header button's call was refused: the engine's answer shows under the buttons, where the
   * user acted, and stays until closed or the next call.
   */
  async expectActionRefused(action: string, title: string, contains: string): Promise<void> {
    const notice = this.page.locator('.kw-action-refusal');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`${action} refused: ${title}`);
    await expect(notice).toContainText(contains);
  }

  /** Closes every toast (error toasts stay until closed, over the top-right of the page). */
  async dismissToasts(): Promise<void> {
    await this.shell.dismissToasts();
  }

  /** A control the user may not use: disabled, with the reason in its tooltip. */
  async expectDisabledWithReason(control: Locator, reason: string | RegExp): Promise<void> {
    await this.shell.expectDisabledWithReason(control, reason);
  }

  historyRows(): Locator {
    return this.page.getByRole('table', { name: 'History' }).getByRole('row');
  }

  /** The key's history has a row with this action, by this person, with this outcome. */
  async expectHistory(action: string, who: string, outcome: string | RegExp): Promise<void> {
    await this.selectTab('History');
    await expect(
      this.historyRows()
        .filter({ hasText: action })
        .filter({ hasText: who })
        .filter({ hasText: outcome })
        .first(),
    ).toBeVisible();
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** Waits for a modal to finish fading in (mid-fade text measures as low contrast). */
  async settled(dialog: Locator): Promise<void> {
    await expect(dialog).toBeVisible();
    await expect(this.page.locator('.cds--modal.is-visible')).toHaveCSS('opacity', '1');
  }
}
