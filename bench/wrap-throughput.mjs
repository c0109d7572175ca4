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
 */
/* global window -- the measuring code runs in the page, through page.evaluate */
import { withBenchPage } from './lib/bench-page.mjs';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);

await withBenchPage({ path: '/keys', port: 4193 }, async (page, browser) => {
  const result = await page.evaluate(
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
      /**
       * Raw and engine measured in alternation (a warm-up of each, then `rounds` pairs), so that
       * each ratio compares two measurements taken moments apart on this shared machine.
       * @param {() => Promise<unknown>} raw
       * @param {number} rawInFlight
       * @param {() => Promise<unknown>} engine
       * @param {number} engineInFlight
       * @param {number} per operations each engine call does
       */
      async function paired(raw, rawInFlight, engine, engineInFlight, per) {
        await throughput(raw, rawInFlight);
        await throughput(engine, engineInFlight, per);
        /** @type {number[]} */
        const raws = [];
        const engines = [];
        for (let r = 0; r < rounds; r++) {
          raws.push(await throughput(raw, rawInFlight));
          engines.push(await throughput(engine, engineInFlight, per));
        }
        return {
          rawOpsPerSecond: stats(raws),
          engineOpsPerSecond: stats(engines),
          ratio: stats(
            engines.map((e, i) => e / (raws[i] ?? 1)),
            3,
          ),
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
      const wrap = await paired(
        encrypt,
        concurrency,
        () => window.keyward.wrap(ctx, key.id, { plaintext: dek }),
        concurrency,
        1,
      );
      const unwrap = await paired(
        decrypt,
        concurrency,
        () => window.keyward.unwrap(ctx, key.id, { ciphertext }),
        concurrency,
        1,
      );

      // Batches: `batch` items a call, one call in flight; raw with as many in flight.
      const wrapItems = Array.from({ length: batch }, () => ({ keyId: key.id, plaintext: dek }));
      const unwrapItems = Array.from({ length: batch }, () => ({ keyId: key.id, ciphertext }));
      let refused = 0;
      const wrapBatch = await paired(
        encrypt,
        batch,
        async () => {
          const results = await window.keyward.wrapBatch(ctx, wrapItems);
          refused += results.filter((x) => !x.ok).length;
        },
        1,
        batch,
      );
      const unwrapBatch = await paired(
        decrypt,
        batch,
        async () => {
          const results = await window.keyward.unwrapBatch(ctx, unwrapItems);
          refused += results.filter((x) => !x.ok).length;
        },
        1,
        batch,
      );

      // Every engine call was audited: count the events and check the chain still verifies.
      const wraps = await window.keyward.listEvents(ctx, { action: 'kms.secrets.wrap', limit: 1 });
      const chain = await window.keyward.verifyEvents(ctx);
      return {
        wrap,
        unwrap,
        wrapBatch,
        unwrapBatch,
        refused,
        wrapEvents: wraps.total,
        chain,
      };
    },
    { operations: OPERATIONS, concurrency: CONCURRENCY, rounds: ROUNDS, batch: BATCH },
  );
  console.log(
    JSON.stringify(
      {
        benchmark: 'wrap-unwrap-32-bytes',
        browser: browser.version(),
        operations: OPERATIONS,
        rounds: ROUNDS,
        single: {
          inFlight: CONCURRENCY,
          wrapVsRawEncrypt: result.wrap,
          unwrapVsRawDecrypt: result.unwrap,
        },
        batch: {
          itemsPerCall: BATCH,
          inFlight: BATCH,
          wrapBatchVsRawEncrypt: result.wrapBatch,
          unwrapBatchVsRawDecrypt: result.unwrapBatch,
          refusedItems: result.refused,
        },
        audit: { wrapEventsRecorded: result.wrapEvents, chain: result.chain },
      },
      null,
      2,
    ),
  );
});
