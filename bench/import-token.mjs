/* global window, requestAnimationFrame -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: making an import token (an RSA-4096 key pair in the engine's worker) and a secure
 * import's engine side, called from the page. Also samples how long the page's main thread stays
 * unresponsive meanwhile (the longest gap between animation frames), to show the key generation
 * does not freeze the page. Prints one JSON object, times in milliseconds.
 */
import { withBenchPage } from './lib/bench-page.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

await withBenchPage({ path: '/bench-import', port: 4179 }, async (page) => {
  const result = await page.evaluate(async (repeats) => {
    const session = await window.keyward.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms');
    if (!kms) throw new Error('no kms instance');
    const ctx = { userId: 'user-writer', instanceId: kms.id };
    const times = [];
    let longestFrameGap = 0;
    for (let r = 0; r < repeats; r++) {
      let running = true;
      let last = performance.now();
      const watch = () => {
        const now = performance.now();
        longestFrameGap = Math.max(longestFrameGap, now - last);
        last = now;
        if (running) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      const t0 = performance.now();
      await window.keyward.createImportToken(ctx);
      times.push(performance.now() - t0);
      running = false;
    }
    // The same watch over an idle stretch as long as the median call: the machine's own noise.
    let idleGap = 0;
    await new Promise((resolve) => {
      let last = performance.now();
      const end = last + 1500;
      const watch = () => {
        const now = performance.now();
        idleGap = Math.max(idleGap, now - last);
        last = now;
        if (now < end) requestAnimationFrame(watch);
        else resolve(undefined);
      };
      requestAnimationFrame(watch);
    });
    const sorted = [...times].sort((a, b) => a - b);
    return {
      createImportTokenMs: {
        median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
        min: Math.round(sorted[0] ?? 0),
        max: Math.round(sorted.at(-1) ?? 0),
      },
      longestMainThreadFrameGapMs: Math.round(longestFrameGap),
      longestIdleFrameGapMs: Math.round(idleGap),
      repeats,
    };
  }, REPEATS);
  console.log(JSON.stringify(result, null, 2));
});
