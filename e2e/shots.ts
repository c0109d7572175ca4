/**
 * Screenshots for looking at the screens (never compared): full-page PNGs into a folder, at the
 * current size or at each of the widths a person checks (1440, 1024, 600 px). The `shots`
 * fixture writes only when KEYWARD_SHOTS names a folder; `shots.in(folder)` always writes there.
 */
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SHOT_WIDTHS = [1440, 1024, 600] as const;
/** The size Playwright's desktop project starts with, restored after shooting at other widths. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

export class Shots {
  constructor(
    readonly page: Page,
    /** Where the PNGs go; none: nothing is taken. */
    readonly folder: string | undefined = process.env.KEYWARD_SHOTS,
  ) {}

  /** The same page, always writing into `folder`. */
  in(folder: string): Shots {
    return new Shots(this.page, folder);
  }

  /**
   * One screenshot at the current size, `<name>.png`: the full page unless `fullPage` is false
   * (then the viewport); `top` scrolls up first (so a fixed header is not captured mid-page).
   */
  async take(name: string, options: { top?: boolean; fullPage?: boolean } = {}): Promise<void> {
    if (!this.folder) return;
    const { top = false, fullPage = true } = options;
    mkdirSync(this.folder, { recursive: true });
    if (top) await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path: join(this.folder, `${name}.png`), fullPage });
  }

  /**
   * One full-page screenshot at each width (900 px high), `<name>-<width>.png`, each after
   * `settleMs` for the layout to follow; then back to the default size.
   */
  async widths(
    name: string,
    options: { widths?: readonly number[]; settleMs?: number; suffix?: boolean } = {},
  ): Promise<void> {
    if (!this.folder) return;
    const { widths = SHOT_WIDTHS, settleMs = 150, suffix = true } = options;
    mkdirSync(this.folder, { recursive: true });
    for (const width of widths) {
      await this.page.setViewportSize({ width, height: 900 });
      if (settleMs > 0) await this.page.waitForTimeout(settleMs);
      const file = suffix ? `${name}-${width}.png` : `${name}.png`;
      await this.page.screenshot({ path: join(this.folder, file), fullPage: true });
    }
    await this.page.setViewportSize(DEFAULT_VIEWPORT);
  }
}
