/**
 * Starts a Keyward server: the database (PGlite in a data folder, or `DATABASE_URL`), the server
 * KEK, the engine over the PostgreSQL store with notices over LISTEN/NOTIFY, and the HTTP app on
 * Node. The first start of an account makes one Administrator API key and returns it (once).
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Engine } from '../engine/engine';
import { DEMO_USERS } from '../engine/iam/bootstrap';
import { PgChangeChannel } from './change-channel';
import { KeySealer, loadKekBytes } from './crypto/kek';
import { tokenSigningSecret } from './crypto/secrets';
import { createApp } from './http/app';
import { Auth } from './http/auth';
import { NoticeHub } from './http/keyward-rpc';
import { sqlKeyRingLookup } from './http/kp-key-ring';
import { PgStore } from './store/pg-store';
import { openDatabase, type SqlDatabase } from './store/sql-database';

export interface ServerOptions {
  /** PGlite's data folder (and the default key file's); ignored for the database with `databaseUrl`. */
  dataDir?: string;
  databaseUrl?: string;
  /** An already open database (tests). */
  database?: SqlDatabase;
  kekFile?: string;
  env?: NodeJS.ProcessEnv;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  url: string;
  engine: Engine;
  database: SqlDatabase;
  /** The first Administrator API key, when this start made it. */
  firstApiKey?: string;
  auth: Auth;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const dataDir = path.resolve(options.dataDir ?? 'keyward-data');
  const kek = loadKekBytes(options.kekFile ?? path.join(dataDir, 'server.kek'), env);
  const database =
    options.database ??
    (await openDatabase(
      options.databaseUrl
        ? { url: options.databaseUrl }
        : { dataDir: path.join(dataDir, 'pglite') },
    ));
  const store = await PgStore.open(database, await KeySealer.fromBytes(kek), {
    ownsDatabase: false,
  });
  const channel = await PgChangeChannel.open(database);
  const notices = new NoticeHub();
  const engine = await Engine.open({ store, channel, onChange: notices.publish });
  const auth = new Auth(database, tokenSigningSecret(kek));
  let firstApiKey: string | undefined;
  if ((await auth.countApiKeys()) === 0)
    firstApiKey = (await auth.createApiKey(DEMO_USERS.admin.id, 'first administrator key')).apiKey;
  const app = createApp({ engine, auth, notices, keyRingOf: sqlKeyRingLookup(database) });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      { fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
      () => resolve(s),
    );
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    engine,
    database,
    auth,
    ...(firstApiKey ? { firstApiKey } : {}),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
      if (!options.database) await database.close();
    },
  };
}
