/* global window -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: the dashboard with many keys and events (issue 11). Seeds BENCH_KEYS keys through the
 * engine (createKeys calls of 1,000, a fifth of them root keys with an expiration date, every tenth
 * root key with a rotation policy) and BENCH_EVENTS events (wraps, a tenth of them refused), then
 * times `getDashboard` from the page through the worker: the first call (which reads every event
 * once into the digest), then BENCH_REPEATS calls (median and range), then calls after 1,000 more
 * events (the digest reads only those). Also prints the entry bundle (the script and
 * modulepreloads of dist/index.html, raw and gzip) of the build it serves, and of BENCH_DIST_BEFORE
 * when given (another build's dist folder, to compare). Prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { startPreview } from './lib/preview.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 100000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);

/**
 * The entry bundle of a build: what index.html loads before any route.
 * @param {string} dist
 */
function entryBundle(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  let raw = 0;
  let gzip = 0;
  /** @type {Record<string, { raw: number, gzip: number }>} */
  const parts = {};
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += gz;
    parts[file] = { raw: bytes.length, gzip: gz };
  }
  return { rawBytes: raw, gzipBytes: gzip, parts };
}

const server = await startPreview(
  Number(process.env.BENCH_PORT ?? 4204),
  process.env.BENCH_DIST ?? 'dist',
);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  // A page that lists nothing: the keys page would re-list after every seeded key's notice.
  await page.goto(`${server.url}/bench-seeding`);
  await page.getByTestId('acting-user').waitFor({ timeout: 120_000 });
  page.setDefaultTimeout(0);
  const result = await page.evaluate(
    async ({ keys, events, repeats }) => {
      const api = window.keyward;
      const session = await api.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      if (!kms) throw new Error('no kms instance');
      const manager = { userId: 'user-manager', instanceId: kms.id };
      const writer = { userId: 'user-writer', instanceId: kms.id };
      const now = Date.parse(session.now);
      const day = 86_400_000;

      const seedStart = performance.now();
      /** @type {string[]} */
      const roots = [];
      // createKeys: 1,000 creations a call, each checked and audited as its own createKey; the
      // rotation policies are set at creation (keys_with_policy_overrides, a Manager's right).
      let next = 0;
      async function keyLane() {
        while (next < keys) {
          const from = next;
          next = Math.min(keys, next + 1000);
          const requests = [];
          for (let i = from; i < next; i++) {
            const root = i % 5 === 0;
            requests.push({
              name: `key-${String(i).padStart(6, '0')}`,
              extractable: !root,
              ...(root
                ? { expirationDate: new Date(now + ((i % 120) + 1) * day).toISOString() }
                : {}),
              ...(root && i % 50 === 0
                ? { policies: { rotation: { enabled: true, interval_month: 1 + (i % 3) } } }
                : {}),
            });
          }
          for (const item of await api.createKeys(manager, requests)) {
            if (!item.ok) throw new Error(`${item.error.code}: ${item.error.message}`);
            if (!item.value.extractable) roots.push(item.value.id);
          }
        }
      }
      await Promise.all(Array.from({ length: 2 }, keyLane));
      const keySeconds = (performance.now() - seedStart) / 1000;

      const eventsBefore = (await api.listEvents(manager, { limit: 1 })).total;
      let made = eventsBefore;
      const eventStart = performance.now();
      let n = 0;
      async function eventLane() {
        while (made < events) {
          made++;
          const id = roots[n++ % roots.length];
          // Every tenth is refused (404: no such key).
          if (n % 10 === 0) await api.wrap(writer, 'no-such-key').catch(() => undefined);
          else await api.wrap(writer, id ?? '');
        }
      }
      await Promise.all(Array.from({ length: 64 }, eventLane));
      const eventSeconds = (performance.now() - eventStart) / 1000;

      const timed = async () => {
        const t0 = performance.now();
        await api.getDashboard(manager, { range: '30d' });
        return performance.now() - t0;
      };
      const first = await timed();
      const warm = [];
      for (let r = 0; r < repeats; r++) warm.push(await timed());
      for (let i = 0; i < 1000; i++) await api.wrap(writer, roots[i % roots.length] ?? '');
      const afterNew = [];
      for (let r = 0; r < repeats; r++) afterNew.push(await timed());
      const totalEvents = (await api.listEvents(manager, { limit: 1 })).total;
      const totalKeys = (await api.listKeys(manager, { limit: 1 })).total;
      return { keySeconds, eventSeconds, first, warm, afterNew, totalEvents, totalKeys };
    },
    { keys: KEYS, events: EVENTS, repeats: REPEATS },
  );
  /** @param {number[]} times */
  const stats = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    return {
      median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      min: Math.round(sorted[0] ?? 0),
      max: Math.round(sorted[sorted.length - 1] ?? 0),
    };
  };
  const before = process.env.BENCH_DIST_BEFORE;
  console.log(
    JSON.stringify(
      {
        benchmark: 'dashboard',
        browser: browser.version(),
        keys: result.totalKeys,
        events: result.totalEvents,
        seedKeysPerSecond: Math.round(result.totalKeys / result.keySeconds),
        seedEventsPerSecond: Math.round(EVENTS / Math.max(result.eventSeconds, 0.001)),
        getDashboardMs: {
          firstCall: Math.round(result.first),
          warm: stats(result.warm),
          after1000NewEvents: stats(result.afterNew),
        },
        repeats: REPEATS,
        entryBundle: {
          thisBuild: entryBundle(process.env.BENCH_DIST ?? 'dist'),
          ...(before ? { before: entryBundle(before) } : {}),
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
