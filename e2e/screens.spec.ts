/**
 * Issue 15 section 5, "every screen right": what a person sees, asserted in Chromium. Each test
 * pins one screen defect that was fixed (label readable on hover, panels inside the window, errors
 * where the eye is, filters that do what they say).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, kmsContext, test } from './fixtures';
import { actAs, openPage } from './pages/access-pages';

/** WCAG contrast ratio of an element's text colour on its own background colour. */
async function ownContrast(control: Locator): Promise<number> {
  return control.evaluate((el) => {
    const style = getComputedStyle(el);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r = 0, g = 0, b = 0] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
  });
}

async function setTheme(page: Page, theme: 'white' | 'g100'): Promise<void> {
  await page.evaluate((t) => localStorage.setItem('keyward.theme', t), theme);
}

for (const theme of ['white', 'g100'] as const) {
  test(`danger buttons keep a readable label on hover (${theme})`, async ({ page }) => {
    await page.goto('/access');
    await setTheme(page, theme);
    await actAs(page, 'Ada Admin');
    const pages: [string, string, RegExp][] = [
      ['/access', 'Access', /^Remove Rhea Reader$/],
      ['/authorizations', 'Authorizations', /^Delete /],
      ['/resources', 'Resources', /^Delete /],
    ];
    for (const [path, heading, name] of pages) {
      if (path === '/authorizations') {
        await page.evaluate(async () => {
          const s = await window.keyward.getSession();
          const cos = s.instances.find((i) => i.kind === 'cos');
          const kms = s.instances.find((i) => i.kind === 'kms');
          await window.keyward.createAuthorization(
            { userId: 'user-admin', instanceId: kms?.id ?? '' },
            { sourceInstanceId: cos?.id ?? '', targetInstanceId: kms?.id ?? '', role: 'Reader' },
          );
        });
      }
      await openPage(page, path, heading);
      const button = page.getByRole('button', { name }).first();
      await button.hover();
      await expect
        .poll(() => ownContrast(button), { message: `${path} on hover` })
        .toBeGreaterThan(4.5);
      await page.mouse.move(0, 0);
    }
  });
}
