/**
 * Server throughput (SPEC 17): wrap and unwrap of 32-byte DEKs over HTTP on loopback, with 1, 16
 * and 256 concurrent clients (each level bounded by a request count and a time), throughput and
 * p50/p99 latency; the in-process engine's wrap and unwrap in the same run; then 1,000 concurrent
 * requests at once with no error and no lost event (the audit log grows by exactly 1,000).
 * Run: `npx tsx bench/server-throughput.ts` (PGlite in memory; DATABASE_URL for PostgreSQL).
 * Env: BENCH_REQUESTS (per level, default 2,000), BENCH_SECONDS (per level, default 20).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../src/engine/iam/bootstrap';
import { startServer } from '../src/server/server';
import { PgliteDatabase, PostgresDatabase } from '../src/server/store/sql-database';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const database = process.env.DATABASE_URL
  ? await PostgresDatabase.open(process.env.DATABASE_URL, { poolSize: 20 })
  : await PgliteDatabase.open();
const server = await startServer({
  database,
  dataDir: mkdtempSync(path.join(tmpdir(), 'kw-bench-')),
  port: 0,
  env: { KEYWARD_KEK: Buffer.alloc(32, 3).toString('base64') },
});
const session = await server.engine.getSession();
const instanceId = session.instances.find((i) => i.kind === 'kms')!.id;
const ctx = { userId: DEMO_USERS.writer.id, instanceId };
const writerKey = (await server.auth.createApiKey(DEMO_USERS.writer.id, 'bench')).apiKey;
const tokenResponse = await fetch(`${server.url}/identity/token`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${writerKey}`,
});
const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
const key = await server.engine.createKey(ctx, { name: 'bench-root', extractable: false });
const headers = {
  Authorization: `Bearer ${token}`,
  'Bluemix-Instance': instanceId,
  'Content-Type': 'application/json',
};
const plaintext = Buffer.alloc(32, 1).toString('base64');
const sample = await server.engine.wrap(ctx, key.id, { plaintext });

async function httpCall(action: 'wrap' | 'unwrap'): Promise<boolean> {
  const body = action === 'wrap' ? { plaintext } : { ciphertext: sample.ciphertext };
  const response = await fetch(`${server.url}/api/v2/keys/${key.id}/actions/${action}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

async function engineCall(action: 'wrap' | 'unwrap'): Promise<boolean> {
  if (action === 'wrap') await server.engine.wrap(ctx, key.id, { plaintext });
  else await server.engine.unwrap(ctx, key.id, { ciphertext: sample.ciphertext });
  return true;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function level(call: () => Promise<boolean>, clients: number) {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued < REQUESTS && performance.now() < deadline) {
        issued++;
        const t = performance.now();
        const ok = await call().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / seconds),
    p50ms: Number(percentile(latencies, 50).toFixed(2)),
    p99ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

const results: Record<string, unknown[]> = {};
for (const action of ['wrap', 'unwrap'] as const) {
  for (const [name, call] of [
    ['http', () => httpCall(action)],
    ['engine', () => engineCall(action)],
  ] as const) {
    const rows = [];
    for (const clients of [1, 16, 256]) rows.push(await level(call, clients));
    results[`${action}.${name}`] = rows;
  }
}

const ratios: Record<string, number[]> = {};
for (const action of ['wrap', 'unwrap']) {
  const http = results[`${action}.http`] as { perSecond: number }[];
  const engine = results[`${action}.engine`] as { perSecond: number }[];
  ratios[`${action}.httpOverEngine`] = http.map((h, i) =>
    Number((h.perSecond / (engine[i]?.perSecond || 1)).toFixed(3)),
  );
}

// 1,000 concurrent requests at once: none fails, and each leaves its event.
const countEvents = async () => {
  await server.engine.flushEvents();
  return server.database.transaction('read', async (sql) =>
    Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM kw_events'))[0]!.n),
  );
};
const before = await countEvents();
const outcomes = await Promise.all(
  Array.from({ length: 1_000 }, (_, i) => httpCall(i % 2 ? 'wrap' : 'unwrap').catch(() => false)),
);
const after = await countEvents();
const burst = {
  requests: 1_000,
  errors: outcomes.filter((ok) => !ok).length,
  eventsAdded: after - before,
  lostEvents: 1_000 - (after - before),
};

console.log(
  JSON.stringify(
    {
      database: database.kind,
      requestsPerLevel: REQUESTS,
      secondsPerLevel: SECONDS,
      results,
      ratios,
      burst,
    },
    null,
    2,
  ),
);
await server.close();
await database.close();
