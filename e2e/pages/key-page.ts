/**
 * Page object of the key page (/keys/:keyId), plus helpers that set up keys through the engine
 * API on `window.keyward` (the same checks as the UI; never a mock).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { CreateKeyRequest } from '../../src/domain/api';
import type { Key } from '../../src/domain/types';
import { kmsContext } from '../fixtures';
import { KeysPage } from './keys-page';

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

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.actions = page.getByRole('group', { name: 'Lifecycle actions' });
  }

  /** Opens the console first (so the engine has bootstrapped the account). */
  async start(): Promise<void> {
    await new KeysPage(this.page).open();
  }

  async open(idOrAlias: string, tab?: string): Promise<void> {
    await this.page.goto(`/keys/${encodeURIComponent(idOrAlias)}${tab ? `?tab=${tab}` : ''}`);
    await expect(this.page.getByTestId('acting-user')).toBeVisible();
    await expect(this.heading).toBeVisible();
  }

  async actAs(name: string): Promise<void> {
    await new KeysPage(this.page).actAs(name);
  }

  /** Creates a key (a root key unless `extractable`) through the engine as `userId`. */
  async createKey(
    req: Omit<CreateKeyRequest, 'extractable'> & { extractable?: boolean },
    userId = 'user-manager',
  ): Promise<Key> {
    const ctx = await kmsContext(this.page, userId);
    const full: CreateKeyRequest = { extractable: false, ...req };
    return this.page.evaluate(([c, r]) => window.keyward.createKey(c, r), [ctx, full] as const);
  }

  /** Moves the engine clock forward (every tab refreshes through change notices). */
  async advanceTime(ms: number): Promise<void> {
    // Moving the clock is an account Administrator's action (SPEC section 13).
    const ctx = await kmsContext(this.page, 'user-admin');
    await this.page.evaluate(([c, m]) => window.keyward.advanceTime(c, m), [ctx, ms] as const);
  }

  /**
   * Calls an engine method as `userId` and returns its refusal as plain data (or 'allowed').
   * `call` runs in the page: `(api, ctx) => api.rotate(ctx, id)`.
   */
  async refusal(
    userId: string,
    method: string,
    args: unknown[],
  ): Promise<{ status: number; code: string; message: string } | 'allowed'> {
    const ctx = await kmsContext(this.page, userId);
    return this.page.evaluate(
      async ([c, m, a]) => {
        try {
          const fn = (window.keyward as unknown as Record<string, (...x: unknown[]) => unknown>)[m];
          if (!fn) throw new Error(`no method ${m}`);
          await fn(c, ...a);
          return 'allowed' as const;
        } catch (error) {
          const e = error as { status: number; code: string; message: string };
          return { status: e.status, code: e.code, message: e.message };
        }
      },
      [ctx, method, args] as const,
    );
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
    return this.page.locator('.cds--toast-notification').filter({ hasText: text });
  }

  /** A toast with this text appears; then every toast is closed, as a user would. */
  async expectToast(text: string | RegExp, contains?: string): Promise<void> {
    const toast = this.toast(text).first();
    await expect(toast).toBeVisible();
    if (contains) await expect(toast).toContainText(contains);
    await this.dismissToasts();
  }

  /** Closes every toast (error toasts stay until closed, over the top-right of the page). */
  async dismissToasts(): Promise<void> {
    const close = this.page.locator('.cds--toast-notification__close-button');
    while ((await close.count()) > 0) await close.first().click();
  }

  /** A control the user may not use: disabled, with the reason in its tooltip. */
  async expectDisabledWithReason(control: Locator, reason: string | RegExp): Promise<void> {
    await expect(control).toBeDisabled();
    await control.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
    await expect(this.page.getByRole('tooltip').filter({ hasText: reason })).toBeVisible();
    await this.page.mouse.move(0, 0);
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
