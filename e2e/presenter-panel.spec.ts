/**
 * The walkthrough panel on every screen size (issue 12): a column beside the page on a wide
 * screen (the page makes room), a sheet along the bottom on a narrow one that never covers the
 * page's main action, keeps the step to do next in view, and lets the page be scrolled clear of
 * it; it hides to a button and comes back. Screenshots at 1440, 1024 and 600 px, light and dark
 * (viewport shots, so the fixed panel is where a user sees it), in /tmp/shots-presenter.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousAxe, kmsContext, test } from './fixtures';
import { actAs } from './pages/access-pages';
import { DemoPage } from './pages/demo-page';

const SHOTS = '/tmp/shots-presenter';

/** Whether the element's centre is the top-most thing there (nothing covers it). */
async function uncovered(page: Page, name: string): Promise<boolean> {
  const button = page.getByRole('button', { name }).first();
  const box = (await button.boundingBox())!;
  return button.evaluate(
    (el, [x, y]) => {
      const top = document.elementFromPoint(x!, y!);
      return top !== null && (el === top || el.contains(top));
    },
    [box.x + box.width / 2, box.y + box.height / 2],
  );
}

test('the panel beside the page on wide screens, a bottom sheet on narrow ones; light and dark', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const demo = new DemoPage(page);
  await demo.open();
  const ctx = await kmsContext(page, 'user-admin');
  await page.evaluate((c) => window.keyward.loadScenario(c, 'cos-envelope'), ctx);
  await actAs(page, 'Max Manager');
  await page.goto('/keys');
  await expect(demo.panel).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Create key' }).first()).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });

  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    for (const width of [1440, 1024, 600]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(300);
      const panel = (await demo.panel.boundingBox())!;
      const main = (await page.locator('#main-content').boundingBox())!;
      if (width >= 1024) {
        // A column at the right, the page beside it, not under it.
        expect(Math.abs(panel.x + panel.width - width)).toBeLessThan(20);
        expect(main.x + main.width).toBeLessThanOrEqual(panel.x + 1);
      } else {
        // A sheet along the bottom, at most about 40% of the height.
        expect(panel.width).toBeGreaterThan(width - 20);
        expect(panel.y).toBeGreaterThanOrEqual(800 * 0.55);
        expect(Math.abs(panel.y + panel.height - 800)).toBeLessThan(2);
      }
      // The page's main action is never under the panel.
      expect(await uncovered(page, 'Create key'), `Create key at ${width} px`).toBe(true);
      // The step to do next is in the panel's view.
      const next = demo.panel.locator('[data-current="true"]');
      await expect(next).toBeInViewport();
      await page.screenshot({ path: `${SHOTS}/walkthrough-panel-${theme}-${width}.png` });
    }
    await expectNoSeriousAxe(page);
  }

  await page.setViewportSize({ width: 600, height: 800 });

  // Hidden to a button (kept through a reload), and back.
  await demo.panel.getByRole('button', { name: 'Hide' }).click();
  await expect(demo.panel).toBeHidden();
  const reopen = page.getByRole('button', { name: /^Walkthrough: 0 of 5 done/ });
  await expect(reopen).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/walkthrough-panel-hidden-dark-600.png` });
  await page.reload();
  await expect(reopen).toBeVisible({ timeout: 30_000 });
  await reopen.click();
  await expect(demo.panel).toBeVisible();
});
