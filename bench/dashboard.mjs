/* global window -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: the dashboard with many keys and events (issue 11). Seeds BENCH_KEYS keys through the
 * engine (createKeys calls of 1,000, each creation its own audited event; a fifth of them root keys
 * with an expiration date, every tenth root key with a rotation policy), then real engine events up
 * to BENCH_EVENTS in all: single calls, BENCH_LANES in flight (metadata reads, wraps, unwraps, a
 * tenth refused), each audited as its own event through the audit log's group commit. At each
 * milestone (BENCH_MILESTONES, default every 100,000 events) it times `getDashboard` from the page
 * through the worker: the first call (the digest reads the events since the last call), then
 * BENCH_REPEATS calls (median and range), then BENCH_REPEATS calls of `getNotifications` (the
 * header's, as the Manager: median, range, items returned and total); at the end, `getDashboard`
 * calls after 1,000 more events. Generation
 * stops at BENCH_BUDGET_SECONDS (default 1,140 after the page opened: the run stays within
 * about 20 minutes) and the JSON says how far it got. Also prints the entry bundle (the script and modulepreloads of
 * dist/index.html, raw and gzip) of the build it serves, and of BENCH_DIST_BEFORE when given
 * (another build's dist folder, to compare). Prints one JSON object.
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
const LANES = Number(process.env.BENCH_LANES ?? 256);
const BUDGET_SECONDS = Number(process.env.BENCH_BUDGET_SECONDS ?? 1140);
const MILESTONES = (
  process.env.BENCH_MILESTONES ??
  Array.from({ length: Math.ceil(EVENTS / 100000) }, (_, i) =>
    Math.min(EVENTS, (i + 1) * 100000),
  ).join(',')
)
  .split(',')
  .map(Number);

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
  // Carbon Charts' class prefix: present only if the charts library got into the entry.
  let chartsInEntry = false;
  /** @type {Record<string, { raw: number, gzip: number }>} */
  const parts = {};
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (bytes.includes('cds--cc--')) chartsInEntry = true;
    raw += bytes.length;
    gzip += gz;
    parts[file] = { raw: bytes.length, gzip: gz };
  }
  return { rawBytes: raw, gzipBytes: gzip, chartsInEntry, parts };
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
  // Progress lines from the page go to stderr (the JSON alone to stdout).
  page.on('console', (m) => console.error(m.text()));
  const result = await page.evaluate(
    async ({ keys, repeats, lanes, budgetMs, milestones }) => {
      const startedAt = performance.now();
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
      console.log(`keys: ${keys} in ${Math.round(keySeconds)} s`);

      const admin = { userId: 'user-admin', instanceId: kms.id };
      const reader = { userId: 'user-reader', instanceId: kms.id };
      // The audit head's sequence number: listing events for their total reads every event.
      const eventTotal = async () => (await api.getEventsDigest(admin)).seq;

      const timed = async () => {
        const t0 = performance.now();
        await api.getDashboard(manager, { range: '30d' });
        return performance.now() - t0;
      };
      // The header's notifications (a fifth of the keys expire within 120 days, so about 5,000
      // expire within the 30 days they warn of): what every page of the console asks for.
      /** @type {{ items: number, total: number }} */
      let notificationSize = { items: 0, total: 0 };
      const timedNotifications = async () => {
        const t0 = performance.now();
        const answer = await api.getNotifications(manager);
        const ms = performance.now() - t0;
        notificationSize = { items: answer.notifications.length, total: answer.total };
        return ms;
      };
      /** @param {number} events */
      const measure = async (events) => {
        // Let the page's own refetches (its header's, after the last notices) finish first.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const first = await timed();
        const warm = [];
        for (let r = 0; r < repeats; r++) warm.push(await timed());
        const notifications = [];
        for (let r = 0; r < repeats; r++) notifications.push(await timedNotifications());
        console.log(
          `measured at ${events} events: first ${Math.round(first)} ms, warm ${warm.map(Math.round).join(' ')}; notifications ${notifications.map(Math.round).join(' ')} (${notificationSize.items} items of ${notificationSize.total})`,
        );
        return { events, first, warm, notifications, notificationSize };
      };

      // Ciphertexts to unwrap, of the keys that wrap (the first 16 root keys).
      const users = roots.slice(0, 16);
      /** @type {{ id: string, ciphertext: string }[]} */
      const ciphertexts = [];
      for (const id of users)
        ciphertexts.push({ id, ciphertext: (await api.wrap(writer, id)).ciphertext });

      // Events: real engine calls, `lanes` in flight, each audited as its own event (the audit
      // log group-commits them): metadata reads across every root key, wraps and unwraps of 16
      // keys, and a tenth refused (a wrap of a key that does not exist: 404; a Reader's disable
      // of one key: 401). Why so few keys wrap: each wrap or refusal announces an `events` notice
      // per key. Those notices no longer make the header refetch its notifications (a scan of
      // every key), and the page refetches each stale read at most once per window however many
      // arrive (client/engine-query.ts); the mix is kept so runs stay comparable.
      const series = [await measure(await eventTotal())];
      let made = series[0]?.events ?? 0;
      let n = 0;
      const eventStart = performance.now();
      let stopped = false;
      /** @param {number} target */
      async function eventLane(target) {
        while (made < target && !stopped) {
          if (performance.now() - startedAt > budgetMs) {
            stopped = true;
            break;
          }
          made++;
          const i = n++;
          if (i % 10000 === 0)
            console.log(`${i} calls (${Math.round((performance.now() - startedAt) / 1000)} s)`);
          const kind = i % 20;
          const c = ciphertexts[i % ciphertexts.length];
          if (kind === 0) await api.wrap(writer, 'no-such-key').catch(() => undefined);
          else if (kind === 10) await api.disableKey(reader, users[0] ?? '').catch(() => undefined);
          else if (kind % 5 === 1) await api.wrap(writer, users[i % users.length] ?? '');
          else if (kind % 5 === 2 && c)
            await api.unwrap(writer, c.id, { ciphertext: c.ciphertext });
          else await api.getKeyMetadata(reader, roots[i % roots.length] ?? '');
        }
      }
      const stages = [];
      for (const target of milestones) {
        if (stopped) break;
        if (target <= made) continue;
        const t0 = performance.now();
        const from = made;
        await Promise.all(Array.from({ length: lanes }, () => eventLane(target)));
        const total = await eventTotal();
        stages.push({ to: total, seconds: (performance.now() - t0) / 1000, calls: made - from });
        made = total;
        series.push(await measure(total));
        console.log(`events: ${total} (${Math.round((performance.now() - startedAt) / 1000)} s)`);
      }
      const eventSeconds = (performance.now() - eventStart) / 1000;
      const last = series[series.length - 1];
      const first = last?.first ?? 0;
      const warm = last?.warm ?? [];
      for (let i = 0; i < 1000; i++) await api.wrap(writer, users[i % users.length] ?? '');
      const afterNew = [];
      for (let r = 0; r < repeats; r++) afterNew.push(await timed());
      const totalEvents = await eventTotal();
      const totalKeys = (await api.listKeys(manager, { limit: 1 })).total;
      return {
        keySeconds,
        eventSeconds,
        first,
        warm,
        afterNew,
        totalEvents,
        totalKeys,
        series,
        stages,
        stopped,
      };
    },
    {
      keys: KEYS,
      repeats: REPEATS,
      lanes: LANES,
      budgetMs: BUDGET_SECONDS * 1000,
      milestones: MILESTONES,
    },
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
        eventsAsked: EVENTS,
        reachedEvents: !result.stopped,
        seedKeysSeconds: Math.round(result.keySeconds),
        seedKeysPerSecond: Math.round(result.totalKeys / result.keySeconds),
        eventSeconds: Math.round(result.eventSeconds),
        eventStages: result.stages.map((s) => ({
          toEvents: s.to,
          calls: s.calls,
          seconds: Math.round(s.seconds),
          eventsPerSecond: Math.round(s.calls / Math.max(s.seconds, 0.001)),
        })),
        lanes: LANES,
        getDashboardMs: {
          firstCall: Math.round(result.first),
          warm: stats(result.warm),
          after1000NewEvents: stats(result.afterNew),
        },
        getNotificationsMs: result.series.map((m) => ({
          events: m.events,
          ...stats(m.notifications),
          items: m.notificationSize.items,
          total: m.notificationSize.total,
        })),
        scaling: result.series.map((m) => ({
          events: m.events,
          firstCall: Math.round(m.first),
          warm: stats(m.warm),
        })),
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
