/**
 * Layout on every page at 1024 and 600 px (issue 15): the page never scrolls sideways, no control
 * or tag is cut off by the window's edge or lies under the side navigation, and the reason
 * tooltips of disabled buttons open fully inside the window, clear of the navigation, and no
 * table scrolls sideways inside its container (narrow tables leave out columns). Content inside
 * another container that scrolls sideways is reachable by scrolling it, so only the container
 * itself must fit. Every route of the console (src/app/app.tsx) is visited, the
 * unknown-path page included, as a Manager and as a Reader, tooltips hovered for both.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pages, seed, settle, sideNavRight } from './layout-seed';

/** Controls and tags cut off by the window or under the navigation, as "what: where". */
async function misplaced(page: Page): Promise<string[]> {
  const navRight = await sideNavRight(page);
  return page.evaluate((navRight) => {
    const out: string[] = [];
    const width = window.innerWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    const scrolls = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    const main = document.getElementById('main-content');
    const selector =
      'button, a[href], input:not([type=hidden]), select, textarea, [role=combobox], .cds--tag, [role=tab]';
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width <= 2 || r.height <= 2) continue; // visually hidden
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.opacity === '0') continue;
      if (el.closest('[aria-hidden=true], .cds--side-nav, .cds--header')) continue;
      if (scrolls(el)) continue;
      if (r.right > width + 1 || r.left < -1) out.push(`${name(el)}: cut off by the window`);
      else if (main?.contains(el) && navRight > 0 && r.left < navRight - 1)
        out.push(`${name(el)}: under the navigation`);
    }
    if (document.documentElement.scrollWidth > width + 1) out.push('the page scrolls sideways');
    // Tables leave out their least telling columns instead of scrolling (a cut-off row action
    // or outcome is not found by scrolling a table sideways).
    for (const box of document.querySelectorAll('.cds--data-table-content'))
      if (box.scrollWidth > box.clientWidth + 1)
        out.push(
          `table "${box.querySelector('table')?.getAttribute('aria-label') ?? ''}": scrolls sideways (${box.scrollWidth} px in ${box.clientWidth})`,
        );
    return out;
  }, navRight);
}

/** Hovers some disabled buttons (first and last few) and checks where each reason opens. */
async function misplacedTooltips(page: Page): Promise<string[]> {
  const out: string[] = [];
  const gated = page.locator('#main-content .kw-gated:visible');
  const count = await gated.count();
  const picks = [...new Set([0, 1, 2, count - 3, count - 2, count - 1])].filter(
    (i) => i >= 0 && i < count,
  );
  for (const i of picks) {
    const control = gated.nth(i);
    await control.scrollIntoViewIfNeeded();
    await control.hover();
    const tip = page.locator('.cds--popover--open .cds--popover-content').last();
    await expect(tip).toBeVisible();
    const navRight = await sideNavRight(page);
    const problem = await tip.evaluate((el, navRight) => {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || r.left < -1) return 'cut off by the window';
      if (navRight > 0 && r.left < navRight - 1) return 'under the navigation';
      return '';
    }, navRight);
    if (problem) out.push(`tooltip "${(await tip.innerText()).slice(0, 50)}": ${problem}`);
    await page.mouse.move(0, 0);
  }
  return out;
}

for (const width of [1024, 600]) {
  test(`every page fits at ${width} px, for a Manager and a Reader`, async ({ page, shell }) => {
    // Fifteen pages, twice, with tooltips hovered: long on a loaded machine.
    test.setTimeout(600_000);
    await page.setViewportSize({ width, height: 800 });
    const seeded = await seed(page);
    const problems: string[] = [];
    for (const user of ['Max Manager', 'Rhea Reader']) {
      if (user !== 'Max Manager') await shell.actAs(user);
      for (const [title, path] of pages(seeded)) {
        await page.goto(path);
        await settle(page);
        for (const p of await misplaced(page)) problems.push(`${user}, ${title}: ${p}`);
        for (const p of await misplacedTooltips(page)) problems.push(`${user}, ${title}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });
}

/** The keys toolbar's search box and controls that lie outside the window, as "what: where". */
async function toolbarOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const toolbar = document.querySelector('[aria-label="Keys toolbar"] .cds--toolbar-content');
    if (!toolbar) return ['no keys toolbar'];
    const controls = toolbar.querySelectorAll(
      'input:not([type=hidden]), button, [role=combobox], select, a[href]',
    );
    if (!toolbar.querySelector('input[type=search], input[role=searchbox], .cds--search-input'))
      out.push('no search box');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width <= 2 || r.height <= 2) continue; // visually hidden
      const what = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      if (r.left < -1 || r.right > window.innerWidth + 1 || r.top < -1)
        out.push(
          `${what}: at ${Math.round(r.left)}..${Math.round(r.right)} of ${window.innerWidth}`,
        );
    }
    return out;
  });
}

for (const width of [800, 1024]) {
  test(`the keys toolbar wraps inside the window at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await seed(page);
    await page.goto('/keys');
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.locator('.cds--skeleton, .cds--data-table--skeleton')).toHaveCount(0, {
      timeout: 30_000,
    });
    expect(await toolbarOutside(page)).toEqual([]);
  });
}
