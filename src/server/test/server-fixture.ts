/**
 * A started Keyward server for tests (on a free port, over a fresh PGlite schema or a fresh
 * schema of KEYWARD_TEST_DATABASE_URL), its instance, and API keys for the demo personas.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../../engine/iam/bootstrap';
import { startServer, type RunningServer } from '../server';
import type { SqlDatabase } from '../store/sql-database';
import { freshPglite, freshPostgres, TEST_DATABASE_URL } from './stores';

export type Persona = 'admin' | 'manager' | 'writer' | 'reader';

export interface ServerFixture {
  server: RunningServer;
  /** The server's data folder (its key file: server.kek). */
  dataDir: string;
  instanceId: string;
  apiKeys: Record<Persona, string>;
  token(persona: Persona): Promise<string>;
  close(): Promise<void>;
}

export const DATABASES: {
  name: string;
  available: boolean;
  open: () => Promise<{ db: SqlDatabase; drop: () => Promise<void> }>;
}[] = [
  {
    name: 'PGlite',
    available: true,
    open: async () => {
      const db = await freshPglite();
      return { db, drop: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    available: Boolean(TEST_DATABASE_URL),
    open: async () => {
      const fresh = await freshPostgres(TEST_DATABASE_URL!);
      const db = await fresh.open();
      return { db, drop: async () => (await db.close(), await fresh.drop()) };
    },
  },
];

export async function startFixture(
  open: (typeof DATABASES)[number]['open'],
): Promise<ServerFixture> {
  const { db, drop } = await open();
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-server-'));
  const server = await startServer({ database: db, dataDir: dir, port: 0, env: {} });
  const session = await server.engine.getSession();
  const instanceId = session.instances.find((i) => i.kind === 'kms')!.id;
  const apiKeys = { admin: server.firstApiKey! } as Record<Persona, string>;
  for (const persona of ['manager', 'writer', 'reader'] as const)
    apiKeys[persona] = (await server.auth.createApiKey(DEMO_USERS[persona].id, persona)).apiKey;
  return {
    server,
    dataDir: dir,
    instanceId,
    apiKeys,
    token: async (persona) => {
      const response = await fetch(`${server.url}/identity/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKeys[persona]}`,
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    close: async () => {
      await server.close();
      await drop();
    },
  };
}
