/**
 * Benchmark: object upload and download through the engine (page → worker by transfer, chunked
 * AES-256-GCM, DEK wrapped by a root key, IndexedDB, audit on) of one file (64 MiB), against raw
 * primitives on the same bytes in the same page, moments apart (issue 16):
 * - raw WebCrypto AES-256-GCM encrypt and decrypt, 1 MiB a call, one call at a time;
 * - raw IndexedDB writes and reads (main thread, one transaction at a time) of the sealed bytes at
 *   1, 4 and 16 MiB per transaction, both as 1 MiB values (k puts or gets a transaction) and as
 *   one k MiB value a transaction; the best of these is "the best raw IndexedDB write / read".
 * Each of BENCH_ROUNDS rounds (default 3) measures every raw figure, then the engine's upload and
 * download; each round's ratios pair them: upload / min(raw encrypt, best raw write), download /
 * min(raw decrypt, best raw read). Printed as median and range over the rounds, with the raw
 * figures of the same rounds. Prints one JSON object.
 * Usage: `npm run build && node bench/object-throughput.mjs`. BENCH_MIB sets the size,
 * BENCH_IN_FLIGHT the calls in flight (3, as the console), BENCH_PORT the preview port (4178),
 * BENCH_DIST the build served (to compare two builds run by run), BENCH_MIDWAY=1 adds memory
 * checkpoints halfway through the upload and the download (that run's throughput then is not
 * comparable: a checkpoint pauses one lane). BENCH_PROFILE=1 adds one more upload and download
 * under a CPU profile of the page and the engine's worker (bench/lib/cpu-profile.mjs;
 * BENCH_PROFILE_DIR keeps the .cpuprofile files) and prints the top of each.
 *
 * Throughput varies a lot on a shared machine: compare the paired ratios (medians), not absolute
 * figures across runs.
 *
 * Memory, two ways. (1) Retained: at checkpoints (before and after the upload and the download)
 * a full garbage collection is forced through CDP in the engine worker and in the page, then
 * each V8 heap is read (`Runtime.getHeapUsage`: JS objects plus ArrayBuffer backing stores, where
 * chunks would live) with the renderer's RSS. A streaming engine retains the same whatever the
 * size. (2) Peak: the renderer's and the browser process's RSS (from /proc via `ps`) sampled
 * every 50 ms from just after the first checkpoint to after the download, above that baseline.
 * It includes garbage not yet collected (V8 collects ArrayBuffers under memory pressure), and the
 * browser process holds the benchmark's own file (a Blob) and IndexedDB's write buffers.
 */
/* global window, indexedDB -- the measuring code runs in the page */
import { execFileSync } from 'node:child_process';
import { withBenchPage } from './lib/bench-page.mjs';
import { cpuProfiler } from './lib/cpu-profile.mjs';

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_MIB ?? 64);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 3);
// Checkpoints halfway through the upload and the download too (they pause one lane while the
// heaps are collected, so the throughput of such a run is not comparable).
const MIDWAY = process.env.BENCH_MIDWAY === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROFILE = process.env.BENCH_PROFILE === '1';

/** RSS in bytes of every descendant of this process, by Chromium process type. */
function processMemory() {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
      return {
        pid: Number(pid),
        ppid: Number(ppid),
        rss: Number(rss) * 1024,
        args: args.join(' '),
      };
    });
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows)
      if (!mine.has(r.pid) && mine.has(r.ppid)) {
        mine.add(r.pid);
        grew = true;
      }
  }
  const sum = { renderer: 0, browser: 0, other: 0 };
  for (const r of rows) {
    if (!mine.has(r.pid) || !/chrom/i.test(r.args)) continue;
    if (r.args.includes('--type=renderer')) sum.renderer += r.rss;
    else if (!r.args.includes('--type=')) sum.browser += r.rss;
    else sum.other += r.rss;
  }
  return sum;
}

/**
 * The engine worker's and the page's V8 heaps through CDP, after a full garbage collection in
 * each: what is retained (JS objects, and ArrayBuffer backing stores, where chunks would be), as
 * opposed to garbage not yet collected, which is all an RSS peak can show.
 * @param {import('@playwright/test').Page} page
 */
async function heapProbe(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {Promise<string>} */
  const workerSession = new Promise((resolve) =>
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    }),
  );
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const sessionId = await workerSession;
  let nextId = 0;
  /** @type {Map<number, (result: any) => void>} */
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (m) => {
    const msg = JSON.parse(m.message);
    waiting.get(msg.id)?.(msg.result);
    waiting.delete(msg.id);
  });
  /** @param {string} method @returns {Promise<any>} */
  const inWorker = (method) =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params: {} }),
      });
    });
  /** @param {{ usedSize: number, backingStorageSize?: number }} u */
  const retained = (u) => u.usedSize + (u.backingStorageSize ?? 0);
  return async () => {
    await inWorker('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const [worker, main] = await Promise.all([
      inWorker('Runtime.getHeapUsage'),
      cdp.send('Runtime.getHeapUsage'),
    ]);
    return { worker: retained(worker), page: retained(/** @type {any} */ (main)) };
  };
}

/** @param {number[]} all */
function stats(all, digits = 1) {
  const sorted = [...all].sort((a, b) => a - b);
  const f = (/** @type {number} */ n) => Number(n.toFixed(digits));
  return {
    median: f(sorted[Math.floor(sorted.length / 2)] ?? 0),
    min: f(sorted[0] ?? 0),
    max: f(sorted[sorted.length - 1] ?? 0),
  };
}

await withBenchPage({ path: '/keys', port: 4178 }, async (page, browser) => {
  const probeHeaps = await heapProbe(page);
  /** @type {{ at: string, workerHeapMiB: number, pageHeapMiB: number, rendererRssMiB: number, browserRssMiB: number }[]} */
  const retained = [];
  let collecting = Promise.resolve();
  /** Collects garbage, then records what stays. */
  const checkpoint = (/** @type {string} */ at) => {
    collecting = collecting.then(async () => {
      const heaps = await probeHeaps();
      const rss = processMemory();
      retained.push({
        at,
        workerHeapMiB: Number((heaps.worker / MIB).toFixed(1)),
        pageHeapMiB: Number((heaps.page / MIB).toFixed(1)),
        rendererRssMiB: Number((rss.renderer / MIB).toFixed(1)),
        browserRssMiB: Number((rss.browser / MIB).toFixed(1)),
      });
    });
    return collecting;
  };
  // Called by the page mid-transfer (BENCH_MIDWAY=1).
  await page.exposeFunction('benchCheckpoint', checkpoint);

  // The measuring code lives in the page (window.benchObjects); each step is one evaluate, so a
  // CPU profile can be taken around one of them.
  const setup = await page.evaluate(
    async ({ size, mib, inFlight, midway }) => {
      const session = await window.keyward.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms');
      const cos = session.instances.find((i) => i.kind === 'cos');
      if (!kms || !cos) throw new Error('instances missing');
      const kmsCtx = { userId: 'user-manager', instanceId: kms.id };
      const admin = { userId: 'user-admin', instanceId: kms.id };
      const ctx = { userId: 'user-manager', instanceId: cos.id };
      const key = await window.keyward.createKey(kmsCtx, { name: 'bench', extractable: false });
      await window.keyward.createAuthorization(admin, {
        sourceInstanceId: cos.id,
        targetInstanceId: kms.id,
        role: 'Reader',
      });
      await window.keyward.createBucket(ctx, {
        name: 'bench',
        encryption: { type: 'customer', keyCrn: key.crn },
      });
      const heap = () => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0;
      let heapPeak = heap();

      // The file: random bytes, built as a Blob of 1 MiB parts (as a picked File would be).
      const chunks = size / mib;
      const parts = [];
      for (let i = 0; i < chunks; i++) {
        const part = new Uint8Array(mib);
        for (let j = 0; j < mib; j += 65536) crypto.getRandomValues(part.subarray(j, j + 65536));
        parts.push(part);
      }
      const file = new Blob(parts);
      const firstBytes = JSON.stringify(Array.from(parts[0]?.subarray(0, 16) ?? []));
      parts.length = 0;

      const raw = await crypto.subtle.importKey(
        'raw',
        crypto.getRandomValues(new Uint8Array(32)),
        { name: 'AES-GCM' },
        false,
        ['encrypt', 'decrypt'],
      );
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = await file.slice(0, mib).arrayBuffer();
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, plain),
      );
      /** @type {IDBDatabase} */
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('bench-raw-idb', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('chunks');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      /**
       * One transaction of `fn`'s requests, resolved when it completes.
       * @param {IDBTransactionMode} mode
       * @param {(store: IDBObjectStore) => void} fn
       */
      const idb = (mode, fn) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction('chunks', mode);
          fn(tx.objectStore('chunks'));
          tx.oncomplete = () => resolve(undefined);
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      const mibps = (/** @type {number} */ ms) => (size / mib) * (1000 / ms);

      /**
       * Raw IndexedDB: the file's sealed bytes written `perTx` MiB a transaction, as `perTx`
       * 1 MiB values or (`oneValue`) as one value of `perTx` MiB; then read back the same way.
       * @param {number} perTx
       * @param {boolean} oneValue
       */
      async function rawIdb(perTx, oneValue) {
        const value = oneValue ? new Uint8Array(sealed.length * perTx) : sealed;
        if (oneValue) for (let j = 0; j < perTx; j++) value.set(sealed, j * sealed.length);
        let t0 = performance.now();
        for (let t = 0; t < chunks / perTx; t++)
          await idb('readwrite', (st) => {
            if (oneValue) st.put(value, t);
            else for (let j = 0; j < perTx; j++) st.put(value, t * perTx + j);
          });
        const put = mibps(performance.now() - t0);
        t0 = performance.now();
        for (let t = 0; t < chunks / perTx; t++)
          await idb('readonly', (st) => {
            if (oneValue) st.get(t);
            else for (let j = 0; j < perTx; j++) st.get(t * perTx + j);
          });
        const get = mibps(performance.now() - t0);
        await idb('readwrite', (st) => st.clear());
        return { put, get };
      }

      /** @type {any} */ (window).benchObjects = {
        /** Every raw figure of one round, MiB/s. */
        async raw() {
          let t0 = performance.now();
          let out = new ArrayBuffer(0);
          for (let i = 0; i < chunks; i++)
            out = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, plain);
          const encrypt = mibps(performance.now() - t0);
          t0 = performance.now();
          for (let i = 0; i < chunks; i++)
            await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, raw, out);
          const decrypt = mibps(performance.now() - t0);
          /** @type {Record<string, { put: number, get: number }>} */
          const indexedDb = {};
          for (const perTx of [1, 4, 16]) {
            if (chunks % perTx !== 0) continue;
            indexedDb[`${perTx}x1MiB`] = await rawIdb(perTx, false);
            if (perTx > 1) indexedDb[`1x${perTx}MiB`] = await rawIdb(perTx, true);
          }
          return { encrypt, decrypt, indexedDb };
        },
        /** Uploads the file as `name` the console's way (inFlight calls, buffers transferred). */
        async upload(/** @type {string} */ name) {
          const t0 = performance.now();
          const ticket = await window.keyward.beginUpload(ctx, 'bench', name, { size: file.size });
          let next = 0;
          const lane = async () => {
            while (next < ticket.chunkCount) {
              const i = next++;
              const buffer = await file
                .slice(i * ticket.chunkSize, (i + 1) * ticket.chunkSize)
                .arrayBuffer();
              await window.keyward.putUploadChunk(ctx, ticket.uploadId, i, buffer);
              if (midway && i === Math.floor(ticket.chunkCount / 2))
                await /** @type {any} */ (window).benchCheckpoint('mid upload');
              heapPeak = Math.max(heapPeak, heap());
            }
          };
          await Promise.all(Array.from({ length: inFlight }, lane));
          await window.keyward.completeUpload(ctx, ticket.uploadId);
          return {
            mibPerSecond: mibps(performance.now() - t0),
            chunkSize: ticket.chunkSize,
            chunkCount: ticket.chunkCount,
          };
        },
        /** Downloads `name`: every chunk decrypted and verified; bytes counted, not kept. */
        async download(/** @type {string} */ name) {
          const t0 = performance.now();
          const head = await window.keyward.headObject(ctx, 'bench', name);
          let received = 0;
          let firstBack = '';
          let next = 0;
          const lane = async () => {
            while (next < head.chunkCount) {
              const i = next++;
              const chunk = await window.keyward.getObjectChunk(ctx, 'bench', name, i);
              if (i === 0) firstBack = JSON.stringify(Array.from(new Uint8Array(chunk, 0, 16)));
              received += chunk.byteLength;
              if (midway && i === Math.floor(head.chunkCount / 2))
                await /** @type {any} */ (window).benchCheckpoint('mid download');
              heapPeak = Math.max(heapPeak, heap());
            }
          };
          await Promise.all(Array.from({ length: inFlight }, lane));
          return {
            mibPerSecond: mibps(performance.now() - t0),
            received,
            sameBytes: firstBack === firstBytes,
          };
        },
        remove: (/** @type {string} */ name) => window.keyward.deleteObject(ctx, 'bench', name),
        heapPeak: () => heapPeak,
      };
      return { fileBytes: file.size };
    },
    { size: SIZE_MIB * MIB, mib: MIB, inFlight: IN_FLIGHT, midway: MIDWAY },
  );

  // The memory baseline: the file exists, the engine is warm.
  await checkpoint('start');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const baseline = processMemory();
  const peak = { ...baseline };
  const sampler = setInterval(() => {
    const now = processMemory();
    for (const k of /** @type {(keyof typeof peak)[]} */ (Object.keys(peak)))
      peak[k] = Math.max(peak[k], now[k]);
  }, 50);

  /** @type {any[]} */
  const rounds = [];
  /** @type {any} */
  let lastUpload;
  /** @type {any} */
  let lastDownload;
  for (let r = 0; r < ROUNDS; r++) {
    const raw = await page.evaluate(() => /** @type {any} */ (window).benchObjects.raw());
    const name = `big-${r}.bin`;
    await checkpoint(`round ${r + 1}: before upload`);
    lastUpload = await page.evaluate(
      (n) => /** @type {any} */ (window).benchObjects.upload(n),
      name,
    );
    await checkpoint(`round ${r + 1}: after upload`);
    lastDownload = await page.evaluate(
      (n) => /** @type {any} */ (window).benchObjects.download(n),
      name,
    );
    await checkpoint(`round ${r + 1}: after download`);
    await page.evaluate((n) => /** @type {any} */ (window).benchObjects.remove(n), name);
    /** @type {[string, { put: number, get: number }][]} */
    const idb = Object.entries(raw.indexedDb);
    const bestPut = idb.reduce((a, b) => (b[1].put > a[1].put ? b : a));
    const bestGet = idb.reduce((a, b) => (b[1].get > a[1].get ? b : a));
    const upBound = Math.min(raw.encrypt, bestPut[1].put);
    const downBound = Math.min(raw.decrypt, bestGet[1].get);
    rounds.push({
      raw,
      bestPut: bestPut[0],
      bestGet: bestGet[0],
      upBound,
      downBound,
      upload: lastUpload.mibPerSecond,
      download: lastDownload.mibPerSecond,
      uploadRatio: lastUpload.mibPerSecond / upBound,
      downloadRatio: lastDownload.mibPerSecond / downBound,
      ok: lastDownload.sameBytes && lastDownload.received === setup.fileBytes,
    });
  }
  clearInterval(sampler);

  /** @type {Record<string, unknown>} */
  const profiles = {};
  if (PROFILE) {
    const profiler = await cpuProfiler(page);
    await profiler.start();
    const up = await page.evaluate(() =>
      /** @type {any} */ (window).benchObjects.upload('profiled.bin'),
    );
    profiles.upload = {
      mibPerSecond: Math.round(up.mibPerSecond),
      ...(await profiler.stop('upload')),
    };
    await profiler.start();
    const down = await page.evaluate(() =>
      /** @type {any} */ (window).benchObjects.download('profiled.bin'),
    );
    profiles.download = {
      mibPerSecond: Math.round(down.mibPerSecond),
      ...(await profiler.stop('download')),
    };
  }

  const inMiB = (/** @type {number} */ b) => Number((b / MIB).toFixed(1));
  const col = (/** @type {(r: any) => number} */ f, digits = 1) => stats(rounds.map(f), digits);
  const idbCases = Object.keys(rounds[0]?.raw.indexedDb ?? {});
  const mainHeapPeak = await page.evaluate(() =>
    /** @type {any} */ (window).benchObjects.heapPeak(),
  );
  console.log(
    JSON.stringify(
      {
        benchmark: 'object-upload-download',
        browser: browser.version(),
        fileMiB: SIZE_MIB,
        chunkBytes: lastUpload.chunkSize,
        chunks: lastUpload.chunkCount,
        callsInFlight: IN_FLIGHT,
        rounds: ROUNDS,
        everyDownloadIntact: rounds.every((r) => r.ok),
        mibPerSecond: {
          upload: col((r) => r.upload),
          download: col((r) => r.download),
          rawAesGcmEncrypt: col((r) => r.raw.encrypt),
          rawAesGcmDecrypt: col((r) => r.raw.decrypt),
          rawIndexedDbPut: Object.fromEntries(
            idbCases.map((c) => [c, col((r) => r.raw.indexedDb[c].put)]),
          ),
          rawIndexedDbGet: Object.fromEntries(
            idbCases.map((c) => [c, col((r) => r.raw.indexedDb[c].get)]),
          ),
          bestRawPutCaseByRound: rounds.map((r) => r.bestPut),
          bestRawGetCaseByRound: rounds.map((r) => r.bestGet),
        },
        ratio: {
          uploadVsMinOfRawEncryptAndBestPut: col((r) => r.uploadRatio, 3),
          downloadVsMinOfRawDecryptAndBestGet: col((r) => r.downloadRatio, 3),
          uploadVsRawEncrypt: col((r) => r.upload / r.raw.encrypt, 3),
          uploadVsRawPut1MiBPerTx: col((r) => r.upload / r.raw.indexedDb['1x1MiB'].put, 3),
          downloadVsRawDecrypt: col((r) => r.download / r.raw.decrypt, 3),
        },
        memoryMiB: {
          rendererBaseline: inMiB(baseline.renderer),
          rendererPeakAboveBaseline: inMiB(peak.renderer - baseline.renderer),
          browserProcessPeakAboveBaseline: inMiB(peak.browser - baseline.browser),
          mainThreadJsHeapPeak: inMiB(mainHeapPeak),
          retainedAfterGc: retained,
        },
        ...(PROFILE ? { profiles } : {}),
      },
      null,
      2,
    ),
  );
});
