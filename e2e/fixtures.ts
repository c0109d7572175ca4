/**
 * Shared Playwright fixtures. Each test gets a fresh browser context, so a fresh IndexedDB and a
 * freshly bootstrapped account; page objects wrap the console's screens; `expectNoSeriousAxe`
 * runs axe (WCAG 2 A/AA) and fails on serious or critical violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { KeysPage } from './pages/keys-page';

export const test = base.extend<{ keysPage: KeysPage }>({
  keysPage: async ({ page }, use) => {
    await use(new KeysPage(page));
  },
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

/** The call context of a demo user on the demo kms instance, for calling `window.keyward`. */
export async function kmsContext(
  page: Page,
  userId: string,
): Promise<{ userId: string; instanceId: string }> {
  const instanceId = await page.evaluate(async () => {
    const session = await window.keyward.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms');
    if (!kms) throw new Error('no kms instance');
    return kms.id;
  });
  return { userId, instanceId };
}
