/* global window, document, requestAnimationFrame, indexedDB -- page code */
/**
 * Benchmark: the keys list with many keys (issue 16's scale table). Seeds keys through the engine
 * with createKeys (1,000 creations a call, every rule checked and every event written, one
 * transaction a call) in stages (BENCH_STAGES, default 1000,10000,100000), and at each stage:
 *
 * - the engine's answers (listKeys through the worker: first page, search, sort, filter), median
 *   and range of BENCH_REPEATS calls;
 * - the keys page itself: first rows visible after navigation; a search typed into the box, from
 *   the last keystroke until its result is on screen (debounce included); a click on the Name
 *   header (sort) and a choice in the Type filter, until the new rows are on screen. Each is
 *   also given as the longest Event Timing entry of the interaction (the browser's own measure of
 *   input to next paint).
 *
 * Seeding is compared with the raw limit of the same run: IndexedDB puts of the same number of
 * records of the same sizes (a key, a version, an event per key), 1,000 keys a transaction
 * (BENCH_RAW=0 skips that baseline). Prints one JSON object. BENCH_PORT picks the preview port
 * (default 4192), BENCH_DIST the build.
 *
 * Each page interaction also lists the engine calls it caused (method, when it was posted after
 * the input, how long until its answer came back, in ms), seen on the page's side of the worker
 * (calls posted from the page, none from the bench itself, between the input and the result shown
 * plus 300 ms). BENCH_PROFILE=1 adds, for the last repeat of the last stage, CPU profiles of the
 * page and the worker during the search and the sort click (the top functions by self time;
 * BENCH_PROFILE_DIR keeps the raw profiles).
 */
import { cpuProfiler } from './lib/cpu-profile.mjs';
import { withBenchPage } from './lib/bench-page.mjs';

const STAGES = (process.env.BENCH_STAGES ?? '1000,10000,100000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const BATCH = 1000;
const PROFILE = process.env.BENCH_PROFILE === '1';
/** BENCH_RAW=0 skips the raw IndexedDB seeding (when only the list and page figures matter). */
const RAW = process.env.BENCH_RAW !== '0';

/**
 * Page code, run before the app: wraps Worker so every comlink call posted to it (in keyward's
 * batches) is logged with its method and the time of its answer (window.benchCalls).
 */
function logWorkerCalls() {
  /** @type {{ method: string, id: string, posted: number, answered?: number }[]} */
  const calls = [];
  /** @type {any} */ (window).benchCalls = calls;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(/** @type {any[]} */ ...args) {
      // @ts-expect-error -- the Worker constructor's own arguments
      super(...args);
      /** @type {Map<string, (typeof calls)[number]>} */
      const open = new Map();
      const unpack = (/** @type {any} */ data) =>
        data && Array.isArray(data.keywardBatch) ? data.keywardBatch : [data];
      const post = this.postMessage.bind(this);
      this.postMessage = (/** @type {any} */ message, /** @type {any} */ transfer) => {
        for (const m of unpack(message))
          if (m && m.type === 'APPLY' && Array.isArray(m.path)) {
            const call = { method: m.path.join('.'), id: m.id, posted: performance.now() };
            open.set(m.id, call);
            calls.push(call);
          }
        return post(message, transfer);
      };
      this.addEventListener('message', (event) => {
        for (const m of unpack(event.data)) {
          const call = m && open.get(m.id);
          if (call) {
            call.answered = performance.now();
            open.delete(m.id);
          }
        }
      });
    }
  };
}

/** @param {number[]} times */
function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    min: Math.round(sorted[0] ?? 0),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

const pad = (/** @type {number} */ i) => String(i).padStart(6, '0');

await withBenchPage(
  { path: '/bench-seeding', port: 4192, viewport: { width: 1440, height: 900 } },
  async (page, browser) => {
    page.setDefaultTimeout(0);
    await page.addInitScript(logWorkerCalls);
    const instanceId = await page.evaluate(async () => {
      const session = await window.keyward.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      if (!kms) throw new Error('no kms instance');
      return kms.id;
    });
    const ctx = { userId: 'user-manager', instanceId };

    /** Raw IndexedDB: the same records' sizes, the same transactions, no engine. */
    const rawSeed = (/** @type {number} */ keys) =>
      page.evaluate(
        async ({ keys, batch }) => {
          const db = await new Promise((resolve, reject) => {
            const req = indexedDB.open(`bench-raw-${Date.now()}`, 1);
            req.onupgradeneeded = () => {
              const d = req.result;
              const k = d.createObjectStore('keys', { keyPath: 'id' });
              k.createIndex('byInstance', 'instanceId');
              k.createIndex('byRing', ['instanceId', 'keyRingID']);
              d.createObjectStore('versions', { keyPath: ['keyId', 'number'] }).createIndex(
                'byKey',
                'keyId',
              );
              d.createObjectStore('events', { keyPath: 'seq' }).createIndex(
                'byKeyId',
                'target.keyId',
              );
            };
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const hex = (/** @type {number} */ n) =>
            Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) =>
              b.toString(16).padStart(2, '0'),
            ).join('');
          const t0 = performance.now();
          let seq = 0;
          for (let from = 0; from < keys; from += batch) {
            const tx = db.transaction(['keys', 'versions', 'events'], 'readwrite');
            for (let i = from; i < Math.min(keys, from + batch); i++) {
              const id = crypto.randomUUID();
              const crn = `crn:v1:keyward:public:kms:us-south:a/${hex(16)}:${hex(16)}:key:${id}`;
              tx.objectStore('keys').put({
                id,
                instanceId: 'i',
                name: `key-${i}`,
                aliases: [],
                keyRingID: 'default',
                state: 1,
                extractable: i % 4 === 0,
                imported: false,
                crn,
                creationDate: Date.now(),
                createdBy: 'user-manager',
                lastUpdateDate: Date.now(),
                currentVersion: { id: crypto.randomUUID(), number: 1, creationDate: Date.now() },
                dualAuthEnabled: false,
              });
              tx.objectStore('versions').put({
                keyId: id,
                number: 1,
                id: crypto.randomUUID(),
                creationDate: Date.now(),
                material: crypto.getRandomValues(new Uint8Array(60)),
              });
              seq++;
              tx.objectStore('events').put({
                seq,
                id: crypto.randomUUID(),
                time: new Date().toISOString(),
                action: 'kms.secrets.create',
                initiator: { id: 'user-manager', name: 'Max Manager', roles: ['Manager'] },
                target: { crn, keyId: id, instanceId: 'i' },
                outcome: 'success',
                correlationId: crypto.randomUUID(),
                prevHash: hex(32),
                hash: hex(32),
              });
            }
            await new Promise((resolve, reject) => {
              tx.oncomplete = resolve;
              tx.onerror = () => reject(tx.error);
            });
          }
          const seconds = (performance.now() - t0) / 1000;
          db.close();
          return seconds;
        },
        { keys, batch: BATCH },
      );

    /** Seeds keys [from, to) through createKeys, two calls in flight. */
    const seed = (/** @type {number} */ from, /** @type {number} */ to) =>
      page.evaluate(
        async ({ ctx, from, to, batch }) => {
          const t0 = performance.now();
          let next = from;
          let refused = 0;
          async function lane() {
            while (next < to) {
              const start = next;
              next = Math.min(to, next + batch);
              const requests = [];
              for (let i = start; i < next; i++)
                requests.push({
                  name: `key-${String(i).padStart(6, '0')}`,
                  extractable: i % 4 === 0,
                  // SPEC allows 1,000 aliases per instance: every 200th key gets one.
                  ...(i % 200 === 0 ? { aliases: [`alias-${i}`] } : {}),
                });
              const results = await window.keyward.createKeys(ctx, requests);
              refused += results.filter((r) => !r.ok).length;
            }
          }
          await Promise.all([lane(), lane()]);
          return { seconds: (performance.now() - t0) / 1000, refused };
        },
        { ctx, from, to, batch: BATCH },
      );

    /** The engine's answers to the keys page's queries. */
    const engineTimes = (/** @type {number} */ keys) =>
      page.evaluate(
        async ({ ctx, keys, repeats }) => {
          /** @param {() => Promise<unknown>} call */
          async function times(call) {
            const out = [];
            for (let r = 0; r < repeats; r++) {
              const t0 = performance.now();
              await call();
              out.push(performance.now() - t0);
            }
            return out;
          }
          const page = { limit: 50 };
          const target = `key-${String(Math.floor(keys / 2)).padStart(6, '0')}`;
          return {
            firstPage: await times(() => window.keyward.listKeys(ctx, page)),
            search: await times(() => window.keyward.listKeys(ctx, { ...page, search: target })),
            sortByName: await times(() => window.keyward.listKeys(ctx, { ...page, sort: '-name' })),
            filterStandard: await times(() =>
              window.keyward.listKeys(ctx, { ...page, extractable: true }),
            ),
          };
        },
        { ctx, keys, repeats: REPEATS },
      );

    /** Installs, in the page, the Event Timing observer and the "visible" wait. */
    const instrument = () =>
      page.evaluate(() => {
        /** @type {PerformanceEntry[]} */
        const entries = [];
        new PerformanceObserver((list) => entries.push(...list.getEntries())).observe({
          type: 'event',
          buffered: true,
          // @ts-expect-error -- Event Timing's option (16 ms is its smallest)
          durationThreshold: 16,
        });
        let lastInput = 0;
        for (const type of ['keydown', 'pointerdown', 'click'])
          document.addEventListener(type, (e) => (lastInput = e.timeStamp), true);
        /** @type {any} */ (window).benchUntil = (
          /** @type {string} */ selector,
          /** @type {string} */ text,
        ) =>
          new Promise((resolve) => {
            const since = performance.now();
            const check = (/** @type {number} */ frame) => {
              const el = document.querySelector(selector);
              if (el && (el.textContent ?? '').includes(text)) {
                const inputAt = lastInput;
                const longest = entries
                  .filter((e) => e.startTime >= inputAt - 1)
                  .reduce((m, e) => Math.max(m, e.duration), 0);
                resolve({
                  visibleMs: frame - inputAt,
                  eventTimingMs: longest,
                  since,
                  inputAt,
                  frame,
                });
              } else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          });
      });

    const firstRow = 'table[aria-label="Keys"] tbody tr:first-child';

    /**
     * The engine calls the page posted from the input (inputAt) until 300 ms after the result was
     * shown: method, posted and answered in ms after the input.
     * @param {{ inputAt: number, frame: number }} shown
     */
    const callsDuring = async (shown) => {
      await page.waitForTimeout(300);
      return page.evaluate(
        ({ from, to }) =>
          /** @type {any[]} */ (/** @type {any} */ (window).benchCalls)
            .filter((c) => c.posted >= from - 1 && c.posted <= to)
            .map((c) => ({
              method: c.method,
              postedMs: Math.round(c.posted - from),
              answeredMs: c.answered === undefined ? null : Math.round(c.answered - from),
            })),
        { from: shown.inputAt, to: shown.frame + 300 },
      );
    };

    /** The keys page: first rows, search, sort and filter as a user sees them. */
    async function pageTimes(/** @type {number} */ keys, /** @type {boolean} */ profileLast) {
      const open = [];
      const search = [];
      const sort = [];
      const filter = [];
      /** @type {Record<string, any>} */
      const calls = {};
      /** @type {Record<string, any>} */
      const profiles = {};
      const repeats = Math.max(3, Math.ceil(REPEATS / 2));
      for (let r = 0; r < repeats; r++) {
        const profiling = profileLast && r === repeats - 1;
        const t0 = Date.now();
        await page.goto(new URL('/keys', page.url()).href);
        await page.locator(firstRow).waitFor();
        open.push(Date.now() - t0);
        await instrument();
        const profiler = profiling ? await cpuProfiler(page) : undefined;
        const target = `key-${pad(Math.floor(keys / 2) + r)}`;
        const box = page.getByRole('searchbox', { name: 'Search keys' });
        await box.click();
        await profiler?.start();
        await page.keyboard.type(target, { delay: 40 });
        const searched = await page.evaluate(
          ([s, t]) => /** @type {any} */ (window).benchUntil(s, t),
          [firstRow, target],
        );
        search.push(searched);
        (calls.search ??= []).push(await callsDuring(searched));
        if (profiler) profiles.search = await profiler.stop('search');
        await box.fill('');
        await page.locator(firstRow).filter({ hasNotText: target }).waitFor();
        // Name ascending, then descending: the last key first.
        await page.getByRole('button', { name: 'Name' }).click();
        await page.locator(firstRow).filter({ hasText: 'key-000000' }).waitFor();
        const last = `key-${pad(keys - 1)}`;
        const sorted = page.evaluate(
          ([s, t]) => /** @type {any} */ (window).benchUntil(s, t),
          [firstRow, last],
        );
        await profiler?.start();
        await page.getByRole('button', { name: 'Name' }).click();
        const sortedShown = await sorted;
        sort.push(sortedShown);
        (calls.sort ??= []).push(await callsDuring(sortedShown));
        if (profiler) profiles.sort = await profiler.stop('sort');
        await page.getByRole('combobox', { name: 'Type' }).click();
        const filtered = page.evaluate(
          ([s, t]) => /** @type {any} */ (window).benchUntil(s, t),
          [firstRow, 'Standard'],
        );
        await page.getByRole('option', { name: 'Standard keys' }).click();
        const filteredShown = await filtered;
        filter.push(filteredShown);
        (calls.filter ??= []).push(await callsDuring(filteredShown));
        await page.goto(new URL('/bench-seeding', page.url()).href);
      }
      /** @param {{ visibleMs: number, eventTimingMs: number }[]} runs */
      const both = (runs) => ({
        visibleMs: stats(runs.map((x) => x.visibleMs)),
        eventTimingMs: stats(runs.map((x) => x.eventTimingMs)),
      });
      return {
        firstRowsAfterNavigationMs: stats(open),
        searchAfterLastKeystroke: both(search),
        sortClick: both(sort),
        filterClick: both(filter),
        engineCallsOfEachRepeat: calls,
        ...(profileLast ? { cpuProfiles: profiles } : {}),
      };
    }

    const stages = [];
    let seeded = 0;
    for (const keys of STAGES) {
      const { seconds, refused } = await seed(seeded, keys);
      const rawSeconds = RAW ? await rawSeed(keys - seeded) : undefined;
      const made = keys - seeded;
      seeded = keys;
      const engine = await engineTimes(keys);
      stages.push({
        keys,
        seed: {
          keys: made,
          seconds: Math.round(seconds * 10) / 10,
          keysPerSecond: Math.round(made / seconds),
          refused,
          ...(rawSeconds === undefined
            ? {}
            : {
                rawIndexedDbSeconds: Math.round(rawSeconds * 10) / 10,
                ratioToRaw: Math.round((rawSeconds / seconds) * 100) / 100,
              }),
        },
        engineMs: Object.fromEntries(Object.entries(engine).map(([k, v]) => [k, stats(v)])),
        page: await pageTimes(keys, PROFILE && keys === STAGES[STAGES.length - 1]),
      });
    }
    console.log(
      JSON.stringify(
        { benchmark: 'keys-list', browser: browser.version(), repeats: REPEATS, stages },
        null,
        2,
      ),
    );
  },
);
