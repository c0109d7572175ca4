/**
 * The set-up every page benchmark shares: serves the build (`vite preview`), opens Chromium on
 * one of the app's pages, waits until the console has started (the acting user is shown), hands
 * the page to the benchmark, and closes everything afterwards, also when the benchmark throws.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium.mjs';
import { startPreview } from './preview.mjs';

/**
 * @template T
 * @param {object} options
 * @param {string} options.path The app's page to open, e.g. `/bench-seeding` (a page without a
 *   key list, so seeding does not make it re-list after every notice).
 * @param {number} options.port The preview server's port when BENCH_PORT is not set.
 * @param {{ width: number, height: number }} [options.viewport]
 * @param {(page: import('@playwright/test').Page, browser: import('@playwright/test').Browser) => Promise<T>} run
 * @returns {Promise<T>}
 */
export async function withBenchPage({ path, port, viewport }, run) {
  const server = await startPreview(
    Number(process.env.BENCH_PORT ?? port),
    process.env.BENCH_DIST ?? 'dist',
  );
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage(viewport ? { viewport } : {});
    await page.goto(`${server.url}${path}`);
    await page.getByTestId('acting-user').waitFor({ timeout: 120_000 });
    return await run(page, browser);
  } finally {
    await browser.close();
    server.stop();
  }
}
