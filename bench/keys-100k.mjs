/* global window -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: the keys list with many keys. Seeds KEYS keys through the engine (real createKey
 * calls: each commits in its own IndexedDB transaction, ~200 per second here, so 100,000 take
 * about 8 minutes), then times the engine's answers to what the keys page asks: the first page, a search, a
 * sort and a filter, each called from the page through the worker. Prints one JSON object; each
 * figure is the median of REPEATS calls, in milliseconds.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { startPreview } from './lib/preview.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 100000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

const server = await startPreview(4178);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  // A page without a key list: the keys page would re-list after every seeded key's notice.
  await page.goto(`${server.url}/bench-seeding`);
  await page.getByTestId('acting-user').waitFor();
  const result = await page.evaluate(
    async ({ keys, repeats }) => {
      const session = await window.keyward.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      if (!kms) throw new Error('no kms instance');
      const ctx = { userId: 'user-manager', instanceId: kms.id };

      const seedStart = performance.now();
      let next = 0;
      async function lane() {
        while (next < keys) {
          const i = next++;
          await window.keyward.createKey(ctx, {
            name: `key-${String(i).padStart(6, '0')}`,
            extractable: i % 4 === 0,
            // SPEC allows 1,000 aliases per instance: every 200th key gets one.
            ...(i % 200 === 0 ? { aliases: [`alias-${i}`] } : {}),
          });
        }
      }
      await Promise.all(Array.from({ length: 64 }, lane));
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const some = await window.keyward.listKeys(ctx, { limit: 500 });
      for (const key of some.keys.slice(0, 200)) await window.keyward.disableKey(ctx, key.id);

      /** @param {() => Promise<unknown>} call */
      async function median(call) {
        const times = [];
        for (let r = 0; r < repeats; r++) {
          const t0 = performance.now();
          await call();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return Math.round(times[Math.floor(times.length / 2)] ?? 0);
      }
      const page = { limit: 50 };
      const firstPage = await median(() =>
        window.keyward.listKeys(ctx, { ...page, sort: '-creationDate' }),
      );
      const search = await median(() =>
        window.keyward.listKeys(ctx, { ...page, search: 'alias:alias-50000' }),
      );
      const sortByName = await median(() =>
        window.keyward.listKeys(ctx, { ...page, sort: '-name' }),
      );
      const filter = await median(() =>
        window.keyward.listKeys(ctx, { ...page, state: [2], extractable: false }),
      );
      const lastPage = await median(() =>
        window.keyward.listKeys(ctx, { ...page, offset: keys - 50 }),
      );
      const total = (await window.keyward.listKeys(ctx, { limit: 1 })).total;
      return { seedSeconds, total, firstPage, search, sortByName, filter, lastPage };
    },
    { keys: KEYS, repeats: REPEATS },
  );
  console.log(
    JSON.stringify(
      {
        benchmark: 'keys-list',
        browser: browser.version(),
        keys: result.total,
        seedKeysPerSecond: Math.round(result.total / result.seedSeconds),
        medianMs: {
          firstPage: result.firstPage,
          search: result.search,
          sortByName: result.sortByName,
          filterDisabledRoot: result.filter,
          lastPage: result.lastPage,
        },
        repeats: REPEATS,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  server.stop();
}
