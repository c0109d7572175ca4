/* global window -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: the presenter kit and backup (issue 12), in Chromium through the worker. Loads the
 * "10,000 keys" scenario (seeded through the engine's own key creation: `seedKeys` in
 * src/engine/presenter/scenarios.ts), then times checkpoint save and restore, backup export and
 * restore (BENCH_REPEATS each: median and range), with the backup's size and throughput, beside
 * the raw browser primitives in the same page: one PBKDF2-SHA-256 derivation of 600,000
 * iterations and AES-256-GCM over the same number of bytes. Prints one JSON object.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { startPreview } from './lib/preview.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

const server = await startPreview(Number(process.env.BENCH_PORT ?? 4191));
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bench-seeding`);
  await page.getByTestId('acting-user').waitFor({ timeout: 120_000 });
  page.setDefaultTimeout(0);
  const result = await page.evaluate(
    async ({ repeats }) => {
      const api = window.keyward;
      const adminCtx = async () => {
        const session = await api.getSession();
        const kms = session.instances.find((i) => i.kind === 'kms');
        return { userId: 'user-admin', instanceId: kms?.id ?? '' };
      };
      /** @param {number[]} xs */
      const stats = (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        return {
          medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
          minMs: Math.round(sorted[0] ?? 0),
          maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
          runs: xs.length,
        };
      };
      /** @param {() => Promise<unknown>} fn */
      const time = async (fn) => {
        const t = performance.now();
        await fn();
        return performance.now() - t;
      };

      const loadMs = await time(async () =>
        api.loadScenario(await adminCtx(), 'ten-thousand-keys'),
      );
      const ctx = await adminCtx();
      const keys = (await api.listKeys(ctx, { limit: 1 })).total;

      const saves = [];
      const restores = [];
      let checkpointId = '';
      for (let i = 0; i < repeats; i++) {
        saves.push(
          await time(async () => {
            checkpointId = (await api.saveCheckpoint(ctx, { name: `bench ${i}` })).id;
          }),
        );
      }
      for (let i = 0; i < repeats; i++)
        restores.push(await time(() => api.restoreCheckpoint(ctx, checkpointId)));

      const exports = [];
      const imports = [];
      /** @type {ArrayBuffer} */
      let file = new ArrayBuffer(0);
      for (let i = 0; i < repeats; i++)
        exports.push(
          await time(async () => {
            file = await api.exportBackup(await adminCtx(), { passphrase: 'bench passphrase' });
          }),
        );
      for (let i = 0; i < repeats; i++)
        imports.push(
          await time(async () =>
            api.restoreBackup(await adminCtx(), {
              file: file.slice(0),
              passphrase: 'bench passphrase',
            }),
          ),
        );

      // Raw primitives, same page: one PBKDF2 derivation, and AES-GCM over the file's size.
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
      const data = new Uint8Array(file.byteLength);
      const gcm = [];
      for (let i = 0; i < 3; i++)
        gcm.push(
          await time(() =>
            crypto.subtle.encrypt(
              { name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) },
              aes,
              data,
            ),
          ),
        );

      const mb = file.byteLength / 1e6;
      const exportStats = stats(exports);
      const importStats = stats(imports);
      return {
        keys,
        scenarioLoad: { ms: Math.round(loadMs), keysPerSecond: Math.round(keys / (loadMs / 1000)) },
        checkpointSave: stats(saves),
        checkpointRestore: stats(restores),
        backupBytes: file.byteLength,
        backupExport: {
          ...exportStats,
          mbPerSecond: +(mb / (exportStats.medianMs / 1000)).toFixed(2),
        },
        backupRestore: {
          ...importStats,
          mbPerSecond: +(mb / (importStats.medianMs / 1000)).toFixed(2),
        },
        raw: { pbkdf2_600k: stats(pbkdf2), aesGcmSameBytes: stats(gcm) },
        ratios: {
          exportOverRawPbkdf2PlusGcm: +(
            exportStats.medianMs / (stats(pbkdf2).medianMs + stats(gcm).medianMs || 1)
          ).toFixed(1),
        },
      };
    },
    { repeats: REPEATS },
  );
  console.log(JSON.stringify({ bench: 'presenter', ...result }, null, 2));
} finally {
  await browser.close();
  server.stop();
}
