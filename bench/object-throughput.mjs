/**
 * Benchmark: object upload and download through the engine (page → worker by transfer, chunked
 * AES-256-GCM, DEK wrapped by a root key, IndexedDB, audit on) for one 64 MiB file, against raw
 * WebCrypto AES-256-GCM and raw IndexedDB (one 1 MiB put or get per transaction, main thread) on
 * the same 1 MiB chunks in the same browser run; plus memory. Prints one JSON object.
 * Usage: `npm run build && node bench/object-throughput.mjs`. BENCH_MIB sets the size,
 * BENCH_IN_FLIGHT the chunks in flight (3, as the console), BENCH_PORT the preview port,
 * BENCH_DIST the build served (to compare two builds run by run), BENCH_MIDWAY=1 adds memory
 * checkpoints halfway through the upload and the download (that run's throughput then is not
 * comparable: a checkpoint pauses one lane).
 *
 * Throughput varies a lot on a shared machine: compare ratios from several runs (medians), and
 * upload against raw IndexedDB put as well as against raw AES-GCM, since every chunk must be
 * stored and on this machine IndexedDB, not AES-GCM, is the slower of the two.
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

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_MIB ?? 64);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 3);
// Checkpoints halfway through the upload and the download too (they pause one lane while the
// heaps are collected, so the throughput of such a run is not comparable).
const MIDWAY = process.env.BENCH_MIDWAY === '1';

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

await withBenchPage({ path: '/keys', port: 4178 }, async (page, browser) => {
  const probeHeaps = await heapProbe(page);
  /** @type {{ at: string, workerHeapMiB: number, pageHeapMiB: number, rendererRssMiB: number, browserRssMiB: number }[]} */
  const retained = [];
  let collecting = Promise.resolve();
  // Called by the page at checkpoints: collects garbage, then records what stays.
  await page.exposeFunction('benchCheckpoint', (/** @type {string} */ at) => {
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
  });
  // The page calls this once its file is built: the memory baseline is taken then.
  let baseline = processMemory();
  const peak = { ...baseline };
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let sampler;
  await page.exposeFunction('benchMark', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    baseline = processMemory();
    Object.assign(peak, baseline);
    sampler = setInterval(() => {
      const now = processMemory();
      for (const k of /** @type {(keyof typeof peak)[]} */ (Object.keys(peak)))
        peak[k] = Math.max(peak[k], now[k]);
    }, 50);
  });
  const result = await page.evaluate(
    async ({ size, mib, inFlight, midway }) => {
      const checkpoint = (/** @type {string} */ at) =>
        /** @type {any} */ (window).benchCheckpoint(at);
      const heap = () => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0;
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

      // The file: random bytes, built as a Blob of 1 MiB parts (as a picked File would be).
      const parts = [];
      for (let i = 0; i < size / mib; i++) {
        const part = new Uint8Array(mib);
        for (let j = 0; j < mib; j += 65536) crypto.getRandomValues(part.subarray(j, j + 65536));
        parts.push(part);
      }
      const file = new Blob(parts);
      const firstBytes = Array.from(parts[0]?.subarray(0, 16) ?? []);
      parts.length = 0;

      // Raw AES-256-GCM, 1 MiB at a time, in this same browser (pure crypto, no I/O).
      const raw = await crypto.subtle.importKey(
        'raw',
        crypto.getRandomValues(new Uint8Array(32)),
        { name: 'AES-GCM' },
        false,
        ['encrypt', 'decrypt'],
      );
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = await file.slice(0, mib).arrayBuffer();
      let t0 = performance.now();
      let sealed = new ArrayBuffer(0);
      for (let i = 0; i < size / mib; i++)
        sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, plain);
      const rawEncryptMs = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < size / mib; i++)
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, raw, sealed);
      const rawDecryptMs = performance.now() - t0;

      // Raw IndexedDB, for reference: the same 1 MiB values put and got, one per transaction.
      /** @type {IDBDatabase} */
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('bench-raw-idb', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('chunks');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      /**
       * @param {IDBTransactionMode} mode
       * @param {(store: IDBObjectStore) => IDBRequest} fn
       */
      const idb = (mode, fn) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction('chunks', mode);
          const req = fn(tx.objectStore('chunks'));
          tx.oncomplete = () => resolve(req.result);
          tx.onerror = () => reject(tx.error);
        });
      // For comparison: what raw IndexedDB puts alone do to the browser process's memory.
      await checkpoint('before raw IndexedDB');
      t0 = performance.now();
      for (let i = 0; i < size / mib; i++)
        await idb('readwrite', (st) => st.put(new Uint8Array(sealed), i));
      const rawIdbPutMs = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < size / mib; i++) await idb('readonly', (st) => st.get(i));
      const rawIdbGetMs = performance.now() - t0;
      await idb('readwrite', (st) => st.clear());
      db.close();
      await checkpoint('after raw IndexedDB');

      // From here on memory is watched: the file exists, the engine is warm.
      await checkpoint('before upload');
      await /** @type {any} */ (window).benchMark();
      // Upload: the console's protocol (IN_FLIGHT chunks in flight, each buffer transferred).
      let heapPeak = heap();
      t0 = performance.now();
      const ticket = await window.keyward.beginUpload(ctx, 'bench', 'big.bin', { size: file.size });
      let next = 0;
      const lane = async () => {
        while (next < ticket.chunkCount) {
          const i = next++;
          const buffer = await file
            .slice(i * ticket.chunkSize, (i + 1) * ticket.chunkSize)
            .arrayBuffer();
          await window.keyward.putUploadChunk(ctx, ticket.uploadId, i, buffer);
          if (midway && i === Math.floor(ticket.chunkCount / 2)) await checkpoint('mid upload');
          heapPeak = Math.max(heapPeak, heap());
        }
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
      await window.keyward.completeUpload(ctx, ticket.uploadId);
      const uploadMs = performance.now() - t0;
      await checkpoint('after upload');

      // Download: every chunk decrypted and verified, in order; bytes counted, not kept.
      t0 = performance.now();
      let received = 0;
      /** @type {number[]} */
      let firstBack = [];
      let nextDown = 0;
      const downLane = async () => {
        while (nextDown < ticket.chunkCount) {
          const i = nextDown++;
          const chunk = await window.keyward.getObjectChunk(ctx, 'bench', 'big.bin', i);
          if (i === 0) firstBack = Array.from(new Uint8Array(chunk, 0, 16));
          received += chunk.byteLength;
          if (midway && i === Math.floor(ticket.chunkCount / 2)) await checkpoint('mid download');
          heapPeak = Math.max(heapPeak, heap());
        }
      };
      await Promise.all(Array.from({ length: inFlight }, downLane));
      const downloadMs = performance.now() - t0;
      await checkpoint('after download');
      return {
        rawEncryptMs,
        rawDecryptMs,
        rawIdbPutMs,
        rawIdbGetMs,
        uploadMs,
        downloadMs,
        received,
        chunkSize: ticket.chunkSize,
        chunkCount: ticket.chunkCount,
        sameBytes: JSON.stringify(firstBytes) === JSON.stringify(firstBack),
        mainHeapPeak: heapPeak,
      };
    },
    { size: SIZE_MIB * MIB, mib: MIB, inFlight: IN_FLIGHT, midway: MIDWAY },
  );
  await page.waitForTimeout(200);
  clearInterval(sampler);
  const mibps = (/** @type {number} */ ms) => Number(((SIZE_MIB * 1000) / ms).toFixed(1));
  const inMiB = (/** @type {number} */ b) => Number((b / MIB).toFixed(1));
  const rawEncrypt = mibps(result.rawEncryptMs);
  const rawDecrypt = mibps(result.rawDecryptMs);
  const upload = mibps(result.uploadMs);
  const download = mibps(result.downloadMs);
  console.log(
    JSON.stringify(
      {
        benchmark: 'object-upload-download',
        browser: browser.version(),
        fileMiB: SIZE_MIB,
        chunkBytes: result.chunkSize,
        chunks: result.chunkCount,
        chunksInFlight: IN_FLIGHT,
        downloadedBytes: result.received,
        firstChunkRoundTrips: result.sameBytes,
        mibPerSecond: {
          rawAesGcmEncrypt: rawEncrypt,
          rawAesGcmDecrypt: rawDecrypt,
          rawIndexedDbPut: mibps(result.rawIdbPutMs),
          rawIndexedDbGet: mibps(result.rawIdbGetMs),
          upload,
          download,
        },
        ratio: {
          uploadVsRawEncrypt: Number((upload / rawEncrypt).toFixed(3)),
          downloadVsRawDecrypt: Number((download / rawDecrypt).toFixed(3)),
        },
        memoryMiB: {
          rendererBaseline: inMiB(baseline.renderer),
          rendererPeak: inMiB(peak.renderer),
          rendererPeakAboveBaseline: inMiB(peak.renderer - baseline.renderer),
          browserProcessPeakAboveBaseline: inMiB(peak.browser - baseline.browser),
          mainThreadJsHeapPeak: inMiB(result.mainHeapPeak),
          retainedAfterGc: retained,
        },
      },
      null,
      2,
    ),
  );
});
