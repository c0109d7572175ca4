/* global window -- the measuring code runs in the page, through page.evaluate */
/**
 * Key rings and scheduled rotation at scale, in Chromium through the worker (audit on): seeds
 * BENCH_KEYS keys (a quarter in ring "team"), gives every BENCH_POLICY_EVERY-th root key a monthly
 * rotation policy, then times listing the rings (with counts), an engine call while nothing is due
 * (the schedule's check alone), the one call that rotates every due key at once ("advance time"
 * by a month), and a refused ring deletion (finds the ring's keys through its index). Prints JSON.
 * Run after `npm run build`; BENCH_PORT picks the preview port (default 4179).
 */
import { withBenchPage } from './lib/bench-page.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 5000);
const POLICY_EVERY = Number(process.env.BENCH_POLICY_EVERY ?? 10);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const PORT = 4179;

await withBenchPage({ path: '/bench-seeding', port: PORT }, async (page, browser) => {
  const result = await page.evaluate(
    async ({ keys, policyEvery, repeats }) => {
      const session = await window.keyward.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      if (!kms) throw new Error('no kms instance');
      const ctx = { userId: 'user-manager', instanceId: kms.id };
      await window.keyward.createKeyRing(ctx, 'team');
      /** @type {string[]} */
      const withPolicy = [];
      let next = 0;
      async function lane() {
        while (next < keys) {
          const i = next++;
          const key = await window.keyward.createKey(ctx, {
            name: `key-${i}`,
            extractable: i % 4 === 1,
            keyRingID: i % 4 === 0 ? 'team' : 'default',
          });
          if (!key.extractable && i % policyEvery === 0) withPolicy.push(key.id);
        }
      }
      await Promise.all(Array.from({ length: 32 }, lane));
      for (const id of withPolicy)
        await window.keyward.putKeyPolicies(ctx, id, {
          rotation: { enabled: true, interval_month: 1 },
        });

      /** @param {() => Promise<unknown>} call */
      async function median(call) {
        const times = [];
        for (let r = 0; r < repeats; r++) {
          const t0 = performance.now();
          await call();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
      }
      const listRings = await median(() => window.keyward.listKeyRings(ctx));
      const probe = withPolicy[0] ?? '';
      const callNothingDue = await median(() => window.keyward.getKeyMetadata(ctx, probe));
      const refusedRingDelete = await median(() =>
        window.keyward.deleteKeyRing(ctx, 'team').catch((e) => e),
      );
      const t0 = performance.now();
      await window.keyward.advanceTime({ ...ctx, userId: 'user-admin' }, 32 * 24 * 3600 * 1000);
      const rotateAllDueMs = Math.round(performance.now() - t0);
      const after = await window.keyward.getKeyVersions(ctx, probe);
      const events = await window.keyward.listEvents(ctx, {
        action: 'kms.secrets.rotate',
        initiatorId: 'system',
        limit: 1,
      });
      return {
        keys,
        keysWithPolicy: withPolicy.length,
        listRings,
        callNothingDue,
        refusedRingDelete,
        rotateAllDueMs,
        probeVersions: after.total,
        systemRotations: events.total,
      };
    },
    { keys: KEYS, policyEvery: POLICY_EVERY, repeats: REPEATS },
  );
  console.log(
    JSON.stringify(
      { benchmark: 'rings-rotation', browser: browser.version(), ...result, repeats: REPEATS },
      null,
      2,
    ),
  );
});
