/* global window, requestAnimationFrame -- the measuring code runs in the page, through page.evaluate */
/**
 * Benchmark: Hyper Protect master key rotation over many keys. Runs the ceremony through the
 * engine from the page (one administrator, threshold 1, two custodians' parts, load, commit,
 * activate), seeds BENCH_KEYS root keys (default 10,000) through createKey, loads and commits a
 * new master key, then times BENCH_RUNS rotations (default 5; each: every key version deciphered and re-enciphered in the
 * engine's worker, then written in one transaction; median and range reported) and samples the longest gap between the
 * page's animation frames meanwhile, against an idle stretch. Prints one JSON object (ms).
 */
import { withBenchPage } from './lib/bench-page.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
/** Rotations timed, each to a fresh master key (the median and range are reported). */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

await withBenchPage({ path: '/bench-seeding', port: 4183 }, async (page) => {
  const result = await page.evaluate(
    async ({ keys, rotationRuns }) => {
      const k = window.keyward;
      const session = await k.getSession();
      const hpcs = session.instances.find((i) => i.kind === 'hpcs');
      if (!hpcs) throw new Error('no hpcs instance');
      /** @param {string} userId */
      const as = (userId) => ({ userId, instanceId: hpcs.id });
      const ctx = as('user-manager');
      const admin = await k.createSignatureKey(ctx, {
        name: 'Bench Admin',
        password: 'bench-password',
      });
      await k.addCryptoUnitAdmin(ctx, { keyFile: admin.file });
      /** @type {(v: unknown) => string} */
      const canonical = (v) =>
        Array.isArray(v)
          ? `[${v.map(canonical).join(',')}]`
          : typeof v === 'object' && v !== null
            ? `{${Object.keys(v)
                .sort()
                .map(
                  (key) =>
                    `${JSON.stringify(key)}:${canonical(/** @type {Record<string, unknown>} */ (v)[key])}`,
                )
                .join(',')}}`
            : JSON.stringify(v);
      /** @param {import('../src/domain/hpcs').CeremonyCommand} command */
      const signed = async (command) => {
        const state = await k.getHpcsState(ctx);
        const text = `keyward-hpcs-command/v1\ninstance:${hpcs.id}\nsequence:${state.sequence}\ncommand:${canonical(command)}`;
        return [
          await k.signCeremonyCommand(ctx, { file: admin.file, password: 'bench-password', text }),
        ];
      };
      await k.setCryptoUnitThresholds(ctx, {
        signature: 1,
        revocation: 1,
        signatures: await signed({ kind: 'threshold.set', signature: 1, revocation: 1 }),
      });
      /** @param {string} tag */
      const newMasterKey = async (tag) => {
        const parts = [];
        for (const who of ['user-custodian-1', 'user-custodian-2']) {
          const password = `${who}-${tag}`;
          const { file } = await k.createMasterKeyPart(as(who), { password });
          parts.push({ file, password });
        }
        const vps = parts.map((p) => JSON.parse(p.file).verificationPattern);
        let state = await k.loadMasterKey(ctx, {
          parts,
          signatures: await signed({ kind: 'master-key.load', parts: vps }),
        });
        const vp = state.units[0]?.newRegister.verificationPattern ?? '';
        state = await k.commitMasterKey(ctx, {
          signatures: await signed({ kind: 'master-key.commit', verificationPattern: vp }),
        });
        return vp;
      };
      const first = await newMasterKey('first');
      await k.activateMasterKey(ctx, {
        signatures: await signed({ kind: 'master-key.activate', verificationPattern: first }),
      });
      const seedStart = performance.now();
      for (let i = 0; i < keys; i++)
        await k.createKey(ctx, { name: `bench-${i}`, extractable: false });
      const seedSeconds = (performance.now() - seedStart) / 1000;
      /** Each run: a new master key loaded and committed, then the timed rotation. */
      const runs = [];
      let longestFrameGap = 0;
      let rotatedKeys = 0;
      for (let run = 0; run < rotationRuns; run++) {
        const next = await newMasterKey(`next-${run}`);
        const signatures = await signed({ kind: 'master-key.rotate', verificationPattern: next });
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
        const rotated = await k.rotateMasterKey(ctx, { signatures });
        runs.push(performance.now() - t0);
        running = false;
        if (rotated.masterKey.verificationPattern !== next)
          throw new Error('rotation did not take');
        rotatedKeys = rotated.keyCount;
      }
      let idleGap = 0;
      await new Promise((resolve) => {
        let idleLast = performance.now();
        const end = idleLast + 1500;
        const tick = () => {
          const now = performance.now();
          idleGap = Math.max(idleGap, now - idleLast);
          idleLast = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(undefined);
        };
        requestAnimationFrame(tick);
      });
      // Raw baseline, same page and run: AES-256-GCM decipher and re-encipher of as many 32-byte
      // keys under a new key (what rotation must do at least, without the store).
      const aes = () =>
        crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      let rawFrom = await aes();
      /** @type {{ iv: Uint8Array<ArrayBuffer>, data: ArrayBuffer }[]} */
      let sealed = [];
      for (let i = 0; i < rotatedKeys; i++) {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = crypto.getRandomValues(new Uint8Array(32));
        sealed.push({
          iv,
          data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, rawFrom, data),
        });
      }
      const rawRuns = [];
      for (let run = 0; run < rotationRuns; run++) {
        const rawTo = await aes();
        const t0 = performance.now();
        const next = [];
        for (const s of sealed) {
          const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv }, rawFrom, s.data);
          const iv = crypto.getRandomValues(new Uint8Array(12));
          next.push({
            iv,
            data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, rawTo, plain),
          });
        }
        rawRuns.push(performance.now() - t0);
        sealed = next;
        rawFrom = rawTo;
      }
      /** @param {number[]} values */
      const medianOf = (values) => {
        const v = [...values].sort((a, b) => a - b);
        return v.length % 2
          ? (v[(v.length - 1) / 2] ?? 0)
          : ((v[v.length / 2 - 1] ?? 0) + (v[v.length / 2] ?? 0)) / 2;
      };
      const sorted = [...runs].sort((a, b) => a - b);
      const median = medianOf(runs);
      const rawMedian = medianOf(rawRuns);
      return {
        keys: rotatedKeys,
        seedSeconds: Math.round(seedSeconds),
        rotationRuns: runs.length,
        rotationMedianMs: Math.round(median),
        rotationMinMs: Math.round(sorted[0] ?? 0),
        rotationMaxMs: Math.round(sorted[sorted.length - 1] ?? 0),
        rawAesGcmReencipherMedianMs: Math.round(rawMedian),
        rotationOverRaw: Math.round((median / rawMedian) * 10) / 10,
        longestMainThreadFrameGapMs: Math.round(longestFrameGap),
        longestIdleFrameGapMs: Math.round(idleGap),
      };
    },
    { keys: KEYS, rotationRuns: RUNS },
  );
  console.log(JSON.stringify(result, null, 2));
});
