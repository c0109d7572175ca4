/**
 * Two server processes on one PostgreSQL (KEYWARD_TEST_DATABASE_URL): a key disabled through
 * one refuses wraps through the other (change notices over LISTEN/NOTIFY drop the other's cached
 * key state), and an API key made through one works on the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshPostgres, TEST_DATABASE_URL } from './test/stores';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

interface Proc {
  child: ChildProcess;
  url: string;
  output: string;
}

async function startProcess(env: NodeJS.ProcessEnv): Promise<Proc> {
  const child = spawn('node_modules/.bin/tsx', ['src/server/main.ts'], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] && output.includes('instance kms')) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  await new Promise((r) => setTimeout(r, 200));
  return { child, url, output };
}

describe.skipIf(!TEST_DATABASE_URL)('two server processes on one PostgreSQL', () => {
  let a: Proc;
  let b: Proc;
  let drop: () => Promise<void>;
  let instanceId: string;

  beforeAll(async () => {
    const fresh = await freshPostgres(TEST_DATABASE_URL!);
    drop = fresh.drop;
    const url = new URL(TEST_DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${fresh.schema}`);
    const env = { DATABASE_URL: url.toString(), KEYWARD_KEK: randomBytes(32).toString('base64') };
    a = await startProcess(env);
    b = await startProcess(env);
    instanceId = /instance kms\s+(\S+)/.exec(a.output)![1]!;
  });

  afterAll(async () => {
    for (const p of [a, b]) {
      if (!p) continue;
      p.child.kill('SIGTERM');
      if (p.child.exitCode === null) await once(p.child, 'exit');
    }
    await drop?.();
  });

  const token = async (server: Proc, apiKey: string) => {
    const response = await fetch(`${server.url}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKey}`,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  it('a key disabled through one process refuses wraps through the other at once', async () => {
    const adminKey = /(kw_\S+)/.exec(a.output)![1]!;
    expect(b.output).not.toContain('kw_');
    const made = await fetch(`${a.url}/keyward/v1/api_keys`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await token(a, adminKey)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ userId: 'user-manager', name: 'two-process test' }),
    });
    const managerKey = ((await made.json()) as { apikey: string }).apikey;
    // Made through A, it works on B: one database.
    const onA = await token(a, managerKey);
    const onB = await token(b, managerKey);
    const headers = (t: string) => ({
      Authorization: `Bearer ${t}`,
      'Bluemix-Instance': instanceId,
      'Content-Type': 'application/json',
    });
    const created = await fetch(`${a.url}/api/v2/keys`, {
      method: 'POST',
      headers: headers(onA),
      body: JSON.stringify({ resources: [{ name: 'shared-root', extractable: false }] }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { resources: { id: string }[] }).resources[0]!.id;
    const wrap = () =>
      fetch(`${b.url}/api/v2/keys/${id}/actions/wrap`, { method: 'POST', headers: headers(onB) });
    // B wraps (and so caches the key) ...
    expect((await wrap()).status).toBe(200);
    // ... A disables it ...
    const disabled = await fetch(`${a.url}/api/v2/keys/${id}/actions/disable`, {
      method: 'POST',
      headers: headers(onA),
    });
    expect(disabled.status).toBe(204);
    // ... and B refuses the next wrap (the notice travels by LISTEN/NOTIFY; allow it a moment).
    let status = 0;
    const started = Date.now();
    while (Date.now() - started < 2_000) {
      status = (await wrap()).status;
      if (status === 409) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(409);
    // And A's view of the key agrees with B's.
    const meta = await fetch(`${b.url}/api/v2/keys/${id}/metadata`, { headers: headers(onB) });
    expect(((await meta.json()) as { resources: { state: number }[] }).resources[0]!.state).toBe(2);
  });
});
