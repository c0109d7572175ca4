/**
 * A real Keyward server for end-to-end tests: `npm run serve`'s entry (src/server/main.ts)
 * spawned with PGlite in a fresh temporary folder on a free port, read from its own output (the
 * address and the first Administrator API key), and stopped at the end. `rpc` and `apiKey`
 * call it over HTTP as a script would (never the console): what the console then shows came
 * from the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface E2eServer {
  url: string;
  adminKey: string;
  /** A new API key for a user (made by the Administrator). */
  apiKey(userId: string): Promise<string>;
  /** Calls an engine method on the server with an API key's token. */
  rpc<T = unknown>(apiKey: string, method: string, args: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kw-e2e-server-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src/server/main.ts'],
    {
      env: { ...process.env, KEYWARD_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const started = await new Promise<{ url: string; adminKey: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start in 120 s:\n${output}`)),
      120_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const key = /API key \(shown once; keep it safe\):\s*\n\s*(\S+)/.exec(output)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ url, adminKey: key });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });

  const token = async (apiKey: string) => {
    const response = await fetch(`${started.url}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
        apikey: apiKey,
      }).toString(),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  return {
    ...started,
    async apiKey(userId) {
      const response = await fetch(`${started.url}/keyward/v1/api_keys`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await token(started.adminKey)}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ userId, name: `e2e ${userId}` }),
      });
      if (response.status !== 201) throw new Error(`api_keys: ${response.status}`);
      return ((await response.json()) as { apikey: string }).apikey;
    },
    async rpc<T>(apiKey: string, method: string, args: unknown[]) {
      const response = await fetch(`${started.url}/keyward/v1/rpc/${method}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await token(apiKey)}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ args }),
      });
      const body = (await response.json()) as { result?: T; error?: { message: string } };
      if (!response.ok) throw new Error(`${method}: ${body.error?.message ?? response.status}`);
      return body.result as T;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
