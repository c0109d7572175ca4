/**
 * CPU profiles of a page and of its dedicated workers (the engine runs in one), through the
 * Chrome DevTools Protocol: `start` begins sampling in both, `stop` returns each profile and a
 * summary of where the time went (self time by function, the top entries). BENCH_PROFILE_DIR, if
 * set, receives the raw `.cpuprofile` files (open them in Chrome DevTools' Performance panel).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {import('@playwright/test').Page} page
 */
export async function cpuProfiler(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {string[]} */
  const workers = [];
  let nextId = 0;
  /** @type {Map<number, (message: any) => void>} */
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const parsed = JSON.parse(message);
    const resolve = waiting.get(parsed.id);
    if (resolve) {
      waiting.delete(parsed.id);
      resolve(parsed.result);
    }
  });
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.push(sessionId);
  });
  // Non-flat sessions: the worker's protocol is reached through the page's session.
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  /**
   * @param {string} sessionId
   * @param {string} method
   * @param {object} [params]
   * @returns {Promise<any>}
   */
  const toWorker = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  for (let i = 0; i < 50 && workers.length === 0; i++) await new Promise((r) => setTimeout(r, 100));

  return {
    workerCount: () => workers.length,
    async start() {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      for (const w of workers) {
        await toWorker(w, 'Profiler.enable');
        await toWorker(w, 'Profiler.setSamplingInterval', { interval: 200 });
        await toWorker(w, 'Profiler.start');
      }
    },
    /** @param {string} name */
    async stop(name) {
      const pageProfile = (await cdp.send('Profiler.stop')).profile;
      const workerProfiles = [];
      for (const w of workers) workerProfiles.push((await toWorker(w, 'Profiler.stop')).profile);
      const dir = process.env.BENCH_PROFILE_DIR;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${name}-page.cpuprofile`), JSON.stringify(pageProfile));
        workerProfiles.forEach((p, i) =>
          writeFileSync(join(dir, `${name}-worker${i}.cpuprofile`), JSON.stringify(p)),
        );
      }
      return {
        page: summarize(pageProfile),
        workers: workerProfiles.map((p) => summarize(p)),
      };
    },
  };
}

/**
 * Self time by function (name, file:line), in ms and as a share of the profile, top 20.
 * @param {any} profile
 */
export function summarize(profile, top = 20) {
  const byNode = new Map();
  for (const node of profile.nodes) byNode.set(node.id, node);
  const deltas = profile.timeDeltas;
  /** @type {Map<string, number>} */
  const self = new Map();
  let total = 0;
  profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
    const node = byNode.get(id);
    const dt = (deltas[i] ?? 0) / 1000;
    total += dt;
    const f = node.callFrame;
    const file = (f.url || '').split('/').pop();
    const label = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(label, (self.get(label) ?? 0) + dt);
  });
  const entries = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: Math.round(total),
    top: entries.map(([fn, ms]) => ({
      fn,
      ms: Math.round(ms),
      share: Math.round((ms / total) * 1000) / 10,
    })),
  };
}
