/**
 * The screenshot tour (issue 15): every page of src/app/app.tsx and every modal or panel a user
 * can open there, at 1440, 1024 and 600 px, light and dark, as a Manager, a Writer and a Reader,
 * as full-page PNGs in KEYWARD_SHOTS (the config defaults it to /tmp/tour-shots), named
 * `<theme>-<role>-<page>[-<modal>]-<width>.png`. Nothing is compared: the PNGs are for a person
 * to look at. A control the role may not use is shot with its reason's tooltip hovered
 * (`…-<modal>-disabled-<width>.png`). A modal that does not open is listed at the end.
 * Run with `npm run shots` (not part of `npm test`).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { pages, seed, settle } from '../layout-seed';
import type { Theme } from '../pages/shell-page';
import { SHOT_WIDTHS } from '../shots';

const ROLES = [
  { name: 'Max Manager', slug: 'manager' },
  { name: 'Wren Writer', slug: 'writer' },
  { name: 'Rhea Reader', slug: 'reader' },
] as const;
const THEMES: Theme[] = ['white', 'g100'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** What opens on each page: a name and the control that opens it (first match used). */
type Opener = {
  name: string;
  control: (page: Page) => Locator;
  before?: (page: Page) => Promise<void>;
};

const firstKeyName = 'customer-data-encryption-root-key-for-the-payments-platform-0';

const MODALS: Record<string, Opener[]> = {
  Dashboard: [
    { name: 'clock', control: (p) => p.getByRole('button', { name: /^Demo clock/ }) },
    { name: 'notifications', control: (p) => p.getByRole('button', { name: /^Notifications/ }) },
    { name: 'user-switcher', control: (p) => p.getByRole('button', { name: /^Switch user/ }) },
  ],
  Keys: [
    { name: 'create-key', control: (p) => p.getByRole('button', { name: /^Create key/ }).first() },
    {
      // Import is a choice inside Create key: its token, files and steps.
      name: 'import-key',
      before: async (p) => {
        // A role that may not create keys has Create key disabled: nothing to open then.
        await p
          .getByRole('button', { name: /^Create key/ })
          .first()
          .click({ timeout: 5_000 });
      },
      control: (p) => p.getByText('Import your own key'),
    },
    {
      name: 'row-menu',
      control: (p) => p.getByRole('button', { name: `Actions for ${firstKeyName}` }),
    },
    { name: 'column-settings', control: (p) => p.getByRole('button', { name: 'Column settings' }) },
    {
      name: 'delete-confirm',
      before: async (p) => {
        const row = p.getByRole('row').filter({ hasText: firstKeyName }).first();
        await row.getByRole('checkbox').check({ force: true });
      },
      control: (p) =>
        p
          .locator('.cds--batch-actions')
          .getByRole('button', { name: /^Delete/ })
          .first(),
    },
  ],
  'Key details': [
    ...['Versions', 'Aliases', 'Associated resources', 'History', 'Key actions', 'Policies'].map(
      (tab): Opener => ({
        name: `tab-${slug(tab)}`,
        control: (p) => p.getByRole('tab', { name: new RegExp(`^${tab}`) }),
      }),
    ),
    {
      name: 'rotate',
      control: (p) =>
        p
          .locator('#main-content')
          .getByRole('button', { name: /^Rotate/ })
          .first(),
    },
    {
      name: 'delete',
      control: (p) =>
        p
          .locator('#main-content')
          .getByRole('button', { name: /^Delete/ })
          .first(),
    },
  ],
  'Key rings': [
    {
      name: 'create-key-ring',
      control: (p) => p.getByRole('button', { name: /^Create key ring/ }).first(),
    },
  ],
  Bucket: [
    { name: 'tab-configuration', control: (p) => p.getByRole('tab', { name: 'Configuration' }) },
  ],
  Buckets: [
    {
      name: 'create-bucket',
      control: (p) => p.getByRole('button', { name: /^Create bucket/ }).first(),
    },
  ],
  Access: [
    { name: 'add-user', control: (p) => p.getByRole('button', { name: /^Add user/ }).first() },
  ],
  Resources: [
    {
      name: 'create-instance',
      control: (p) => p.getByRole('button', { name: /^Create instance/ }).first(),
    },
  ],
};

async function closeAll(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
}

for (const theme of THEMES) {
  for (const role of ROLES) {
    test(`tour: ${role.name}, ${theme}`, async ({ page, shell, shots }) => {
      test.setTimeout(1_800_000);
      await shell.setThemeOnEveryLoad(theme);
      await page.setViewportSize({ width: 1440, height: 900 });
      const seeded = await seed(page);
      if (role.slug !== 'manager') await shell.actAs(role.name);
      const missing: string[] = [];
      for (const [title, path] of pages(seeded)) {
        const base = `${theme}-${role.slug}-${slug(title)}`;
        await page.goto(path);
        await settle(page);
        // The dashboard's charts load with their own chunk, after the page's skeletons go.
        await expect(page.locator('.kw-dash-chart-skeleton')).toHaveCount(0, { timeout: 30_000 });
        await shots.widths(base);
        for (const opener of MODALS[title] ?? []) {
          try {
            await page.goto(path);
            await settle(page);
            await opener.before?.(page);
            const control = opener.control(page);
            await expect(control).toBeVisible({ timeout: 5_000 });
            if (await control.isDisabled()) {
              const gated = control.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]');
              const target = (await gated.count()) > 0 ? gated : control;
              // Hovered again at each width: the resize closes the reason's tooltip.
              for (const width of SHOT_WIDTHS) {
                await page.setViewportSize({ width, height: 900 });
                await page.mouse.move(0, 0);
                await target.hover({ force: true });
                await page.waitForTimeout(400);
                await shots.take(`${base}-${opener.name}-disabled-${width}`);
              }
            } else {
              await control.click();
              await page.waitForTimeout(500);
              await shots.widths(`${base}-${opener.name}`, { settleMs: 300 });
            }
          } catch (e) {
            missing.push(`${title} ${opener.name}: ${String(e).split('\n')[0]}`);
          }
          await closeAll(page);
        }
      }
      console.log(`${theme} ${role.name}: not opened: ${JSON.stringify(missing, null, 1)}`);
    });
  }
}
