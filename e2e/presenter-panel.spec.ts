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

/**
 * The page's last control, scrolled as far down as the window goes: its box, and whether it is
 * the top-most thing at its centre. "Last control" is the last visible button, link or field in
 * the main content — not `#main-content > *`'s last child, which is one of Carbon's modals: kept
 * mounted, hidden, and fixed over the whole viewport, so its box can never be above the sheet.
 */
async function lastControlAtEnd(
  page: Page,
): Promise<{ top: number; bottom: number; right: number; uncovered: boolean; name: string }> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  return page.evaluate(() => {
    const main = document.getElementById('main-content')!;
    const controls = [...main.querySelectorAll('button, a[href], input, select, textarea')].filter(
      (el) =>
        (el as HTMLElement).offsetParent !== null &&
        getComputedStyle(el).visibility === 'visible' &&
        el.closest('.cds--modal') === null,
    );
    const last = controls[controls.length - 1]!;
    const box = last.getBoundingClientRect();
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {
      top: box.top,
      bottom: box.bottom,
      right: box.right,
      // The control, a part of it, or its own wrapper (Carbon wraps a disabled icon button in its
      // tooltip's trigger): nothing else is painted over it.
      uncovered: top !== null && main.contains(top) && (last.contains(top) || top.contains(last)),
      name: last.textContent || (last.getAttribute('aria-label') ?? ''),
    };
  });
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
    if (theme === 'dark') {
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      // Away from the theme button, so its tooltip is not in every screenshot.
      await page.mouse.move(300, 400);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    }
    for (const width of [1440, 1024, 600]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(300);
      const panel = (await demo.panel.boundingBox())!;
      const main = (await page.locator('#main-content').boundingBox())!;
      if (width >= 1024) {
        // A column at the right, the page beside it, not under it.
        expect(Math.abs(panel.x + panel.width - width)).toBeLessThan(20);
        expect(main.x + main.width).toBeLessThanOrEqual(panel.x + 1);
        // The keys table's toolbar wraps in what is left: its search starts inside the page.
        const search = (await page.getByRole('searchbox').first().boundingBox())!;
        expect(search.x, `search at ${width} px`).toBeGreaterThanOrEqual(main.x);
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

  // At 600 px the page scrolls clear of the sheet: its last control can be brought fully above
  // it, here and on a long page (the Demo page); at 1024 px it is beside the panel, not under it.
  for (const path of ['/keys', '/demo']) {
    if (path !== '/keys') await page.goto(path);
    await expect(demo.panel).toBeVisible({ timeout: 30_000 });
    await page.setViewportSize({ width: 1024, height: 800 });
    const column = (await demo.panel.boundingBox())!;
    const wide = await lastControlAtEnd(page);
    expect(wide.right, `${wide.name} on ${path} at 1024 px`).toBeLessThanOrEqual(column.x + 1);
    expect(wide.uncovered, `${wide.name} on ${path} at 1024 px`).toBe(true);
    await page.setViewportSize({ width: 600, height: 800 });
    const sheetTop = (await demo.panel.boundingBox())!.y;
    const narrow = await lastControlAtEnd(page);
    expect(narrow.bottom, `${narrow.name} on ${path} at 600 px`).toBeLessThanOrEqual(sheetTop + 1);
    expect(narrow.uncovered, `${narrow.name} on ${path} at 600 px`).toBe(true);
  }

  // Hidden to a button (kept through a reload), and back.
  await demo.panel.getByRole('button', { name: 'Hide' }).click();
  await expect(demo.panel).toBeHidden();
  const reopen = page.getByRole('button', { name: /^Walkthrough: 0 of 5 done/ });
  await expect(reopen).toBeVisible();
  // The button left in its place does not cover the page's end either.
  expect((await lastControlAtEnd(page)).uncovered).toBe(true);
  await page.screenshot({ path: `${SHOTS}/walkthrough-panel-hidden-dark-600.png` });
  await page.reload();
  await expect(reopen).toBeVisible({ timeout: 30_000 });
  await reopen.click();
  await expect(demo.panel).toBeVisible();
});
