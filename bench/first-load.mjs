/**
 * Benchmark: the first load of the built app (issue 16). Serves `dist` (or BENCH_DIST) with
 * `vite preview` on BENCH_PORT (default 4192) and loads `/` BENCH_REPEATS times (default 7) in a
 * fresh browser context each time (no cache): first paint and first contentful paint from the
 * Paint Timing API, and the time until the shell's acting user shows. Also prints the entry's
 * JavaScript and CSS (what index.html loads before any route), raw and gzip, against the budgets
 * (150 kB and 40 kB gzip). Prints one JSON object with medians and ranges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { startPreview } from './lib/preview.mjs';

const DIST = process.env.BENCH_DIST ?? 'dist';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

/** @param {string} dist */
function entry(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const sum = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    const part = file.endsWith('.css') ? sum.css : sum.js;
    part.raw += bytes.length;
    part.gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return sum;
}

/** @param {number[]} values */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    min: Math.round(sorted[0] ?? 0),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

const server = await startPreview(Number(process.env.BENCH_PORT ?? 4192), DIST);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const fp = [];
  const fcp = [];
  const shell = [];
  for (let r = 0; r < REPEATS; r++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('acting-user').waitFor({ timeout: 120_000 });
    const timing = await page.evaluate(() => {
      const paint = Object.fromEntries(
        performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
      );
      return { fp: paint['first-paint'] ?? 0, fcp: paint['first-contentful-paint'] ?? 0 };
    });
    // Since navigation start, when the shell's acting user was seen (within a poll's delay).
    shell.push(await page.evaluate(() => performance.now()));
    fp.push(timing.fp);
    fcp.push(timing.fcp);
    await context.close();
  }
  const sizes = entry(DIST);
  console.log(
    JSON.stringify(
      {
        benchmark: 'first-load',
        browser: browser.version(),
        repeats: REPEATS,
        firstPaintMs: stats(fp),
        firstContentfulPaintMs: stats(fcp),
        actingUserShownByMs: stats(shell),
        entry: {
          jsBytes: sizes.js,
          cssBytes: sizes.css,
          budgetGzip: { js: 150_000, css: 40_000 },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  server.stop();
}
