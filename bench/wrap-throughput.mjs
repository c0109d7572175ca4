/**
 * Benchmark: the engine's wrap and unwrap throughput, called from the page through the worker with
 * auditing on, against raw WebCrypto AES-256-GCM on 32-byte data in the same browser run.
 * Prints one JSON object. Usage: `npm run bench` (builds the app first).
 *
 * Each measurement keeps CONCURRENCY calls in flight until OPERATIONS calls have completed, and is
 * repeated ROUNDS times after a warm-up round, raw and engine in alternation: the median, best and
 * worst round of each and of their ratio (each ratio from two measurements moments apart).
 *
 * Batch calls (SPEC section 5): wrapBatch and unwrapBatch of BENCH_BATCH items (default 1,000) a
 * call, one call in flight, so BENCH_BATCH operations are in flight; against raw AES-GCM with the
 * same number of operations in flight. BENCH_PORT picks the preview port (default 4193).
 * BENCH_ONLY (comma-separated: wrap, unwrap, wrapBatch, unwrapBatch) runs some of them.
 * BENCH_PROFILE=1 also takes a CPU profile of the page and the engine's worker during one extra
 * engine round of each (bench/lib/cpu-profile.mjs; BENCH_PROFILE_DIR keeps the .cpuprofile files)
 * and prints the top of each.
 */
/* global window -- the measuring code runs in the page, through page.evaluate */
import { withBenchPage } from './lib/bench-page.mjs';
import { cpuProfiler } from './lib/cpu-profile.mjs';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ONLY = (process.env.BENCH_ONLY ?? 'wrap,unwrap,wrapBatch,unwrapBatch').split(',');

await withBenchPage({ path: '/keys', port: 4193 }, async (page, browser) => {
  // The measuring code lives in the page; each measurement is one evaluate, so that a CPU profile
  // can be started and stopped around one of them.
  await page.evaluate(
    async ({ operations, concurrency, rounds, batch }) => {
      /**
       * Runs `call` `operations` times with `inFlight` in flight; each call does `per` operations.
       * Returns operations per second.
       * @param {() => Promise<unknown>} call
       */
      async function throughput(call, inFlight = concurrency, per = 1) {
        let started = 0;
        const t0 = performance.now();
        async function lane() {
          while (started < operations) {
            started += per;
            await call();
          }
        }
        await Promise.all(Array.from({ length: inFlight }, lane));
        return started / ((performance.now() - t0) / 1000);
      }
      /** @param {number[]} all */
      function stats(all, digits = 0) {
        const sorted = [...all].sort((a, b) => a - b);
        const f = (/** @type {number} */ n) => Number(n.toFixed(digits));
        return {
          median: f(sorted[Math.floor(sorted.length / 2)] ?? 0),
          min: f(sorted[0] ?? 0),
          max: f(sorted[sorted.length - 1] ?? 0),
        };
      }
      const session = await window.keyward.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      if (!kms) throw new Error('no kms instance');
      const ctx = { userId: 'user-manager', instanceId: kms.id };
      const key = await window.keyward.createKey(ctx, { name: 'bench-root', extractable: false });
      const dek = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
      const { ciphertext } = await window.keyward.wrap(ctx, key.id, { plaintext: dek });

      const rawKey = await crypto.subtle.importKey(
        'raw',
        crypto.getRandomValues(new Uint8Array(32)),
        { name: 'AES-GCM' },
        false,
        ['encrypt', 'decrypt'],
      );
      const data = crypto.getRandomValues(new Uint8Array(32));
      const iv0 = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv0 }, rawKey, data);
      const encrypt = () =>
        crypto.subtle.encrypt(
          { name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) },
          rawKey,
          data,
        );
      const decrypt = () => crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv0 }, rawKey, sealed);
      const wrapItems = Array.from({ length: batch }, () => ({ keyId: key.id, plaintext: dek }));
      const unwrapItems = Array.from({ length: batch }, () => ({ keyId: key.id, ciphertext }));
      let refused = 0;

      /** Each measurement: the raw call and its in-flight count, the engine's, and its items per call. */
      const cases = {
        wrap: {
          raw: encrypt,
          rawInFlight: concurrency,
          engine: () => window.keyward.wrap(ctx, key.id, { plaintext: dek }),
          engineInFlight: concurrency,
          per: 1,
        },
        unwrap: {
          raw: decrypt,
          rawInFlight: concurrency,
          engine: () => window.keyward.unwrap(ctx, key.id, { ciphertext }),
          engineInFlight: concurrency,
          per: 1,
        },
        // Batches: `batch` items a call, one call in flight; raw with as many in flight.
        wrapBatch: {
          raw: encrypt,
          rawInFlight: batch,
          engine: async () => {
            const results = await window.keyward.wrapBatch(ctx, wrapItems);
            refused += results.filter((x) => !x.ok).length;
          },
          engineInFlight: 1,
          per: batch,
        },
        unwrapBatch: {
          raw: decrypt,
          rawInFlight: batch,
          engine: async () => {
            const results = await window.keyward.unwrapBatch(ctx, unwrapItems);
            refused += results.filter((x) => !x.ok).length;
          },
          engineInFlight: 1,
          per: batch,
        },
      };
      /** @type {any} */ (window).benchWrap = {
        /**
         * Raw and engine measured in alternation (a warm-up of each, then `rounds` pairs), so that
         * each ratio compares two measurements taken moments apart on this shared machine.
         * @param {keyof typeof cases} name
         */
        async paired(name) {
          const c = cases[name];
          await throughput(c.raw, c.rawInFlight);
          await throughput(c.engine, c.engineInFlight, c.per);
          /** @type {number[]} */
          const raws = [];
          const engines = [];
          for (let r = 0; r < rounds; r++) {
            raws.push(await throughput(c.raw, c.rawInFlight));
            engines.push(await throughput(c.engine, c.engineInFlight, c.per));
          }
          return {
            rawOpsPerSecond: stats(raws),
            engineOpsPerSecond: stats(engines),
            ratio: stats(
              engines.map((e, i) => e / (raws[i] ?? 1)),
              3,
            ),
          };
        },
        /** One engine round alone (for a profile). @param {keyof typeof cases} name */
        engineRound(name) {
          const c = cases[name];
          return throughput(c.engine, c.engineInFlight, c.per);
        },
        refused: () => refused,
        /** Every engine call was audited: count the events and check the chain still verifies. */
        async audit() {
          const wraps = await window.keyward.listEvents(ctx, {
            action: 'kms.secrets.wrap',
            limit: 1,
          });
          const chain = await window.keyward.verifyEvents(ctx);
          return { wrapEventsRecorded: wraps.total, chain };
        },
      };
    },
    { operations: OPERATIONS, concurrency: CONCURRENCY, rounds: ROUNDS, batch: BATCH },
  );

  /** @type {Record<string, unknown>} */
  const measured = {};
  /** @type {Record<string, unknown>} */
  const profiles = {};
  const profiler = PROFILE ? await cpuProfiler(page) : undefined;
  for (const name of ONLY) {
    measured[name] = await page.evaluate(
      (n) => /** @type {any} */ (window).benchWrap.paired(n),
      name,
    );
    if (profiler) {
      await profiler.start();
      const opsPerSecond = await page.evaluate(
        (n) => /** @type {any} */ (window).benchWrap.engineRound(n),
        name,
      );
      profiles[name] = { opsPerSecond: Math.round(opsPerSecond), ...(await profiler.stop(name)) };
    }
  }
  const refused = await page.evaluate(() => /** @type {any} */ (window).benchWrap.refused());
  const audit = await page.evaluate(() => /** @type {any} */ (window).benchWrap.audit());
  console.log(
    JSON.stringify(
      {
        benchmark: 'wrap-unwrap-32-bytes',
        browser: browser.version(),
        operations: OPERATIONS,
        rounds: ROUNDS,
        single: {
          inFlight: CONCURRENCY,
          wrapVsRawEncrypt: measured.wrap,
          unwrapVsRawDecrypt: measured.unwrap,
        },
        batch: {
          itemsPerCall: BATCH,
          inFlight: BATCH,
          wrapBatchVsRawEncrypt: measured.wrapBatch,
          unwrapBatchVsRawDecrypt: measured.unwrapBatch,
          refusedItems: refused,
        },
        audit,
        ...(PROFILE ? { profiles } : {}),
      },
      null,
      2,
    ),
  );
});
