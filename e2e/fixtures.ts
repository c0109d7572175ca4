/**
 * Shared Playwright fixtures. Each test gets a fresh browser context, so a fresh IndexedDB and a
 * freshly bootstrapped account. Besides Playwright's own:
 * - `engine`: acts as a user through `window.keyward`, expects refusals, seeds (./engine-driver);
 * - `shell`: the console shell, persona, demo clock, theme, gated controls (./pages/shell-page);
 * - a fixture for each page object (./pages/*);
 * - `axe`: `axe.expectNoSerious()` runs axe (WCAG 2 A/AA) and fails on serious or critical
 *   violations (also exported as `expectNoSeriousAxe(page)`);
 * - `shots`: screenshots for looking at, when KEYWARD_SHOTS names a folder (./shots).
 * Every test also fails on a Content-Security-Policy violation in any of its pages.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { EngineDriver } from './engine-driver';
import { WizardPage } from './pages/access-pages';
import { BucketPages } from './pages/bucket-pages';
import { DemoPage } from './pages/demo-page';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';
import { ShellPage } from './pages/shell-page';
import { Shots } from './shots';

export { kmsContext, type Ctx, type Refusal } from './engine-driver';
export { EngineDriver, ShellPage, Shots };

export async function expectNoSeriousAxe(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

export interface Axe {
  /** No serious or critical WCAG 2 A/AA violation on the page as it is now. */
  expectNoSerious(): Promise<void>;
}

export interface Fixtures {
  engine: EngineDriver;
  shell: ShellPage;
  axe: Axe;
  shots: Shots;
  keysPage: KeysPage;
  keyPage: KeyPage;
  bucketPages: BucketPages;
  demoPage: DemoPage;
  eventsPage: EventsPage;
  wizardPage: WizardPage;
}

export const test = base.extend<Fixtures>({
  engine: async ({ page }, use) => use(new EngineDriver(page)),
  shell: async ({ page }, use) => use(new ShellPage(page)),
  axe: async ({ page }, use) => use({ expectNoSerious: () => expectNoSeriousAxe(page) }),
  shots: async ({ page }, use) => use(new Shots(page)),
  keysPage: async ({ page }, use) => use(new KeysPage(page)),
  keyPage: async ({ page }, use) => use(new KeyPage(page)),
  bucketPages: async ({ page }, use) => use(new BucketPages(page)),
  demoPage: async ({ page }, use) => use(new DemoPage(page)),
  eventsPage: async ({ page }, use) => use(new EventsPage(page)),
  wizardPage: async ({ page }, use) => use(new WizardPage(page)),
  // Every test fails on a Content-Security-Policy violation in any of its pages (Chromium
  // reports each as a console error naming the policy).
  context: async ({ context }, use) => {
    const violations: string[] = [];
    const watch = (page: Page) =>
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text()))
          violations.push(`${page.url()}: ${message.text()}`);
      });
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(context);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };
