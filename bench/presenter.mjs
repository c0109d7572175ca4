/* global window, indexedDB, IDBTransaction -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: the presenter kit and backup (issue 12), in Chromium through the worker. Loads the
 * "10,000 keys" scenario (seeded through the engine's own key creation: `seedKeys` in
 * src/engine/presenter/scenarios.ts), then times checkpoint save and restore, backup export and
 * restore (BENCH_REPEATS each: median and range; a checkpoint restore after ten keys were created,
 * and BENCH_FULL_REPEATS after a reset), with the backup's size and throughput, beside
 * raw browser primitives in the same page:
 * - IndexedDB: every account store read in one transaction (the floor of a restore that
 *   compares and writes only what differs); a copy of Keyward's schema (same stores, key paths
 *   and indexes) in a scratch database, rewritten with the same records (clear + one put each,
 *   one transaction, relaxed durability, no awaits between puts: the floor of a restore where
 *   every record differs); one put and one get of those records as a single value (the floor of
 *   saving and reading a checkpoint);
 * - one PBKDF2-SHA-256 derivation of 600,000 iterations and AES-256-GCM over the file's bytes.
 * BENCH_PROFILE=1 takes CPU profiles (page and worker) of one checkpoint restore and one backup
 * restore and prints where the time went (BENCH_PROFILE_DIR keeps the .cpuprofile files).
 * Prints one JSON object.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { cpuProfiler } from './lib/cpu-profile.mjs';
import { startPreview } from './lib/preview.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Runs of the slow cases: a restore after a reset (every record written) and its raw floor. */
const FULL_REPEATS = Number(process.env.BENCH_FULL_REPEATS ?? 2);
/** Loads of the "10,000 keys" scenario (each replaces the account and seeds it again). */
const LOAD_REPEATS = Number(process.env.BENCH_LOAD_REPEATS ?? 2);

const server = await startPreview(Number(process.env.BENCH_PORT ?? 4191));
const browser = await chromium.launch(chromiumLaunchOptions());

/** @param {number[]} xs */
function stats(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    minMs: Math.round(sorted[0] ?? 0),
    maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
    runs: xs.length,
  };
}

try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bench-seeding`);
  await page.getByTestId('acting-user').waitFor({ timeout: 120_000 });
  page.setDefaultTimeout(0);
  const profiler = PROFILE ? await cpuProfiler(page) : undefined;
  /** @type {Record<string, unknown>} */
  const profiles = {};

  /**
   * Runs one timed engine call in the page (`what` names it), profiled if asked.
   * @param {string} what
   * @param {Record<string, unknown>} args
   * @param {string} [profileName]
   * @returns {Promise<number>}
   */
  const timed = async (what, args, profileName) => {
    if (profiler && profileName) await profiler.start();
    const ms = await page.evaluate(
      async ({ what, args }) => {
        const api = window.keyward;
        const session = await api.getSession();
        const kms = session.instances.find((i) => i.kind === 'kms');
        const ctx = { userId: 'user-admin', instanceId: kms?.id ?? '' };
        const w = /** @type {any} */ (window);
        const t = performance.now();
        switch (what) {
          case 'load':
            await api.loadScenario(ctx, 'ten-thousand-keys');
            break;
          case 'save':
            w.benchCheckpoint = (await api.saveCheckpoint(ctx, { name: String(args.name) })).id;
            break;
          case 'restore':
            await api.restoreCheckpoint(ctx, w.benchCheckpoint);
            break;
          case 'change': {
            // A few changes since the checkpoint, as in a demo: ten keys created.
            const manager = { ...ctx, userId: 'user-manager' };
            const requests = Array.from({ length: 10 }, (_, i) => ({
              name: `since-${Date.now()}-${i}`,
              extractable: false,
            }));
            await api.createKeys(manager, requests);
            break;
          }
          case 'reset':
            await api.resetAccount(ctx);
            break;
          case 'export':
            w.benchFile = await api.exportBackup(ctx, { passphrase: 'bench passphrase' });
            break;
          case 'import':
            await api.restoreBackup(ctx, {
              file: w.benchFile.slice(0),
              passphrase: 'bench passphrase',
            });
            break;
        }
        return performance.now() - t;
      },
      { what, args },
    );
    if (profiler && profileName) profiles[profileName] = await profiler.stop(profileName);
    return ms;
  };

  const loads = [];
  for (let i = 0; i < LOAD_REPEATS; i++)
    loads.push(await timed('load', {}, i === 0 ? 'scenarioLoad' : undefined));
  const keys = await page.evaluate(async () => {
    const api = window.keyward;
    const session = await api.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms');
    return (await api.listKeys({ userId: 'user-admin', instanceId: kms?.id ?? '' }, { limit: 1 }))
      .total;
  });

  const saves = [];
  for (let i = 0; i < REPEATS; i++) saves.push(await timed('save', { name: `bench ${i}` }));
  // A restore after a few changes (the demo's case: only what differs is written) ...
  const restores = [];
  for (let i = 0; i < REPEATS; i++) {
    await timed('change', {});
    restores.push(await timed('restore', {}, i === 0 ? 'checkpointRestore' : undefined));
  }
  // ... and after a reset, when every record differs and is written.
  const fullRestores = [];
  for (let i = 0; i < FULL_REPEATS; i++) {
    await timed('reset', {});
    fullRestores.push(await timed('restore', {}, i === 0 ? 'checkpointRestoreFull' : undefined));
  }

  // The raw IndexedDB floors of the same records, in the same page and run.
  const raw = await page.evaluate(
    async ({ repeats, fullRepeats }) => {
      /** @param {IDBRequest | IDBTransaction} r @returns {Promise<any>} */
      const done = (r) =>
        new Promise((resolve, reject) => {
          if (r instanceof IDBTransaction) {
            r.oncomplete = () => resolve(undefined);
            r.onerror = () => reject(r.error);
            r.onabort = () => reject(r.error);
          } else {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          }
        });
      /** @param {string} name @param {((db: IDBDatabase) => void)} [upgrade] */
      const open = (name, upgrade) => {
        const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
        if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
        return /** @type {Promise<IDBDatabase>} */ (done(request));
      };
      /**
       * @typedef {{ name: string, keyPath: any, unique: boolean, multiEntry: boolean }} IndexShape
       * @typedef {{ name: string, keyPath: any, indexes: IndexShape[], keys: IDBValidKey[], values: unknown[] }} StoreCopy
       */
      const source = await open('keyward');
      const names = [...source.objectStoreNames].filter(
        (n) => n !== 'checkpoints' && n !== 'checkpointData',
      );
      /** Every account store read in one transaction: what a restore that compares must read. */
      const readAll = async () => {
        const read = source.transaction(names, 'readonly');
        /** @type {StoreCopy[]} */
        const stores = [];
        await Promise.all(
          names.map(async (name) => {
            const store = read.objectStore(name);
            const [keys, values] = await Promise.all([
              done(store.getAllKeys()),
              done(store.getAll()),
            ]);
            stores.push({
              name,
              keyPath: store.keyPath,
              indexes: [...store.indexNames].map((i) => {
                const index = store.index(i);
                return {
                  name: i,
                  keyPath: index.keyPath,
                  unique: index.unique,
                  multiEntry: index.multiEntry,
                };
              }),
              keys,
              values,
            });
          }),
        );
        return stores;
      };
      const readRuns = [];
      /** @type {StoreCopy[]} */
      let stores = [];
      for (let r = 0; r < repeats; r++) {
        const t = performance.now();
        stores = await readAll();
        readRuns.push(performance.now() - t);
      }
      source.close();
      await done(indexedDB.deleteDatabase('bench-raw'));
      const db = await open('bench-raw', (d) => {
        for (const s of stores) {
          const store = d.createObjectStore(s.name, { keyPath: s.keyPath });
          for (const i of s.indexes)
            store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
        }
        d.createObjectStore('blob');
      });
      const records = stores.reduce((sum, s) => sum + s.values.length, 0);
      const putBlobRuns = [];
      const getBlobRuns = [];
      for (let r = 0; r < repeats; r++) {
        let t = performance.now();
        const put = db.transaction('blob', 'readwrite', { durability: 'relaxed' });
        put.objectStore('blob').put(stores, 'one');
        await done(put);
        putBlobRuns.push(performance.now() - t);
        t = performance.now();
        const get = db.transaction('blob', 'readonly');
        await done(get.objectStore('blob').get('one'));
        getBlobRuns.push(performance.now() - t);
      }
      const rewriteRuns = [];
      for (let r = 0; r < fullRepeats; r++) {
        const t = performance.now();
        const tx = db.transaction(names, 'readwrite', { durability: 'relaxed' });
        for (const s of stores) {
          const store = tx.objectStore(s.name);
          store.clear();
          if (store.keyPath === null) s.values.forEach((v, i) => store.put(v, s.keys[i]));
          else for (const v of s.values) store.put(v);
        }
        await done(tx);
        rewriteRuns.push(performance.now() - t);
      }
      db.close();
      await done(indexedDB.deleteDatabase('bench-raw'));
      return { records, readRuns, putBlobRuns, getBlobRuns, rewriteRuns };
    },
    { repeats: REPEATS, fullRepeats: FULL_REPEATS },
  );

  const exports = [];
  for (let i = 0; i < REPEATS; i++) exports.push(await timed('export', {}));
  const imports = [];
  for (let i = 0; i < REPEATS; i++)
    imports.push(await timed('import', {}, i === 0 ? 'backupRestore' : undefined));

  // Raw crypto, same page: one PBKDF2 derivation, and AES-GCM over the file's size.
  const primitives = await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    /** @param {() => Promise<unknown>} fn */
    const time = async (fn) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const base = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('bench passphrase'),
      'PBKDF2',
      false,
      ['deriveBits'],
    );
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const pbkdf2 = [];
    for (let i = 0; i < 3; i++)
      pbkdf2.push(
        await time(() =>
          crypto.subtle.deriveBits(
            { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600_000 },
            base,
            512,
          ),
        ),
      );
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
    ]);
    const bytes = new Uint8Array(w.benchFile.byteLength);
    const gcm = [];
    for (let i = 0; i < 3; i++)
      gcm.push(
        await time(() =>
          crypto.subtle.encrypt(
            { name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) },
            aes,
            bytes,
          ),
        ),
      );
    return { pbkdf2, gcm, bytes: bytes.byteLength };
  });

  const mb = primitives.bytes / 1e6;
  const exportStats = stats(exports);
  const importStats = stats(imports);
  const restoreStats = stats(restores);
  const rawRewrite = stats(raw.rewriteRuns);
  const rawRead = stats(raw.readRuns);
  const fullStats = stats(fullRestores);
  const pbkdf2 = stats(primitives.pbkdf2);
  const gcm = stats(primitives.gcm);
  const result = {
    bench: 'presenter',
    keys,
    scenarioLoad: {
      ...stats(loads),
      keysPerSecond: Math.round(keys / (stats(loads).medianMs / 1000)),
    },
    checkpointSave: stats(saves),
    checkpointRestoreAfterTenKeys: restoreStats,
    checkpointRestoreAfterReset: fullStats,
    backupBytes: primitives.bytes,
    backupExport: { ...exportStats, mbPerSecond: +(mb / (exportStats.medianMs / 1000)).toFixed(2) },
    backupRestore: {
      ...importStats,
      mbPerSecond: +(mb / (importStats.medianMs / 1000)).toFixed(2),
    },
    raw: {
      records: raw.records,
      idbReadAllRecords: rawRead,
      idbRewriteAllRecords: rawRewrite,
      idbPutAsOneValue: stats(raw.putBlobRuns),
      idbGetAsOneValue: stats(raw.getBlobRuns),
      pbkdf2_600k: pbkdf2,
      aesGcmSameBytes: gcm,
    },
    ratios: {
      restoreAfterChangesOverRawRead: +(restoreStats.medianMs / (rawRead.medianMs || 1)).toFixed(2),
      restoreAfterResetOverRawRewrite: +(fullStats.medianMs / (rawRewrite.medianMs || 1)).toFixed(
        2,
      ),
      exportOverRawPbkdf2PlusGcm: +(
        exportStats.medianMs / (pbkdf2.medianMs + gcm.medianMs || 1)
      ).toFixed(1),
    },
    ...(PROFILE ? { profiles } : {}),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  server.stop();
}
