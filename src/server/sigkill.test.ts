/**
 * The server killed (SIGKILL) during a load of writes, then started again on the same data:
 * every key whose creation was acknowledged is there, nothing is half-written (each key has its
 * version and wraps), and the audit chain verifies. On PGlite (a data folder) and,
 * when KEYWARD_TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_USERS } from '../engine/iam/bootstrap';
import { startServer } from './server';
import { PgliteDatabase, type SqlDatabase } from './store/sql-database';
import { freshPostgres, TEST_DATABASE_URL } from './test/stores';

vi.setConfig({ testTimeout: 240_000 });

const TARGETS: {
  name: string;
  available: boolean;
  prepare: () => Promise<{
    env: NodeJS.ProcessEnv;
    reopen: () => Promise<SqlDatabase>;
    drop: () => Promise<void>;
  }>;
}[] = [
  {
    name: 'PGlite data folder',
    available: true,
    prepare: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'kw-sigkill-'));
      return {
        env: { KEYWARD_DATA_DIR: dir },
        reopen: () => PgliteDatabase.open(path.join(dir, 'pglite')),
        drop: async () => undefined,
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: Boolean(TEST_DATABASE_URL),
    prepare: async () => {
      const fresh = await freshPostgres(TEST_DATABASE_URL!);
      const url = new URL(TEST_DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${fresh.schema}`);
      return { env: { DATABASE_URL: url.toString() }, reopen: fresh.open, drop: fresh.drop };
    },
  },
];

for (const target of TARGETS) {
  describe.skipIf(!target.available)(`SIGKILL during writes: ${target.name}`, () => {
    it('loses nothing acknowledged, keeps nothing half-written, and the chain verifies', async () => {
      const { env, reopen, drop } = await target.prepare();
      const kek = randomBytes(32).toString('base64');
      const child = spawn('node_modules/.bin/tsx', ['src/server/main.ts'], {
        env: { ...process.env, ...env, KEYWARD_KEK: kek, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(output);
          if (m?.[1] && /kw_\S+/.test(output)) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const instanceId = /instance kms\s+(\S+)/.exec(output)![1]!;
      const adminKey = /(kw_\S+)/.exec(output)![1]!;
      const tokenOf = async (apiKey: string) =>
        (
          (await (
            await fetch(`${url}/identity/token`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKey}`,
            })
          ).json()) as { access_token: string }
        ).access_token;
      const made = await fetch(`${url}/keyward/v1/api_keys`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await tokenOf(adminKey)}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ userId: DEMO_USERS.writer.id }),
      });
      const token = await tokenOf(((await made.json()) as { apikey: string }).apikey);

      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (n: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const response = await fetch(`${url}/api/v2/keys`, {
              method: 'POST',
              headers: {
                Authorization: `Bearer ${token}`,
                'Bluemix-Instance': instanceId,
                'Content-Type': 'application/json',
              },
              body: JSON.stringify({ resources: [{ name: `load-${n}-${i}`, extractable: false }] }),
            });
            if (response.status === 201)
              acknowledged.push(
                ((await response.json()) as { resources: { id: string }[] }).resources[0]!.id,
              );
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = Array.from({ length: 8 }, (_, n) => writer(n));
      while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await once(child, 'exit');
      stop = true;
      await Promise.all(writers);

      const database = await reopen();
      const server = await startServer({
        database,
        dataDir: mkdtempSync(path.join(tmpdir(), 'kw-sigkill-kek-')),
        port: 0,
        env: { KEYWARD_KEK: kek },
      });
      try {
        const ctx = { userId: DEMO_USERS.writer.id, instanceId };
        const listed = await server.engine.listKeys(ctx, { limit: 200 });
        const ids = new Set(listed.keys.map((k) => k.id));
        for (const id of acknowledged) expect(ids.has(id)).toBe(true);
        // Nothing half-written: every stored key has its one version and wraps with it.
        await server.engine.flushEvents();
        for (const key of listed.keys) {
          const { versions } = await server.engine.getKeyVersions(ctx, key.id);
          expect(versions.length).toBe(1);
          const wrapped = await server.engine.wrap(ctx, key.id);
          expect(wrapped.ciphertext.length).toBeGreaterThan(0);
        }
        const verification = await server.engine.verifyEvents({
          userId: DEMO_USERS.admin.id,
          instanceId,
        });
        expect(verification.ok).toBe(true);
        expect(listed.keys.length).toBeGreaterThanOrEqual(acknowledged.length);
      } finally {
        await server.close();
        await database.close();
        await drop();
      }
    });
  });
}
