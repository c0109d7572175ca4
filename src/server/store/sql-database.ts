/**
 * One small interface over the two PostgreSQL clients the server uses: PGlite (embedded, in a
 * data folder; one connection, so transactions run one at a time) and node-postgres (a pool on a
 * real server). Write transactions take one advisory lock, so they run one after another across
 * every process on the database — as IndexedDB runs read-write transactions over all stores —
 * and each sees what the previous one committed. Read transactions see one snapshot.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export type TxMode = 'read' | 'write';

export interface SqlDatabase {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(mode: TxMode, fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Runs statements outside a transaction (migrations run their own). */
  exec(text: string): Promise<void>;
  /** Calls `handler` with each NOTIFY payload on `channel`; resolves to a function that stops. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** The advisory lock every write transaction holds (an arbitrary number, Keyward's). */
const WRITE_LOCK = 0x6b657977;

const BEGIN: Record<TxMode, string> = {
  // READ COMMITTED: after the lock, every statement sees the commits of earlier writers.
  write: 'BEGIN ISOLATION LEVEL READ COMMITTED',
  read: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
};

export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite';
  private constructor(
    private readonly db: PGlite,
    private readonly owned: boolean,
  ) {}

  /** Opens (or creates) the embedded database in `dataDir`; `undefined` for one in memory. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    return new PgliteDatabase(db, true);
  }

  /**
   * A database in a new schema of an open PGlite (tests share one PGlite: starting one takes
   * seconds). Closing it drops the schema and leaves the PGlite open.
   */
  static async inSchema(db: PGlite, schema: string): Promise<PgliteDatabase> {
    await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    const database = new PgliteDatabase(db, false);
    database.schema = schema;
    return database;
  }

  private schema: string | undefined;

  transaction<T>(_mode: TxMode, fn: (sql: Sql) => Promise<T>): Promise<T> {
    // PGlite has one connection and runs its transactions one at a time.
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params?: unknown[]) =>
          (await tx.query<R>(text, params)).rows,
      }),
    );
  }

  async exec(text: string): Promise<void> {
    await this.db.exec(text);
  }

  async listen(channel: string, handler: (payload: string) => void) {
    const stop = await this.db.listen(channel, handler);
    return async () => stop();
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async close(): Promise<void> {
    if (this.owned) {
      if (!this.db.closed) await this.db.close();
    } else if (this.schema) {
      await this.db.exec(`DROP SCHEMA ${this.schema} CASCADE; SET search_path TO public`);
    }
  }
}

export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres';
  private listener: pg.Client | undefined;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema?: string,
  ) {}

  /** `schema` (tests): every connection works in that schema (search_path). */
  static async open(
    url: string,
    options: { poolSize?: number; schema?: string } = {},
  ): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const client = await pool.connect();
    client.release();
    return new PostgresDatabase(pool, url, options.schema);
  }

  async transaction<T>(mode: TxMode, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(BEGIN[mode]);
      if (mode === 'write') await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const result = await fn({
        query: async <R>(text: string, params?: unknown[]) =>
          (await client.query(text, params)).rows as R[],
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async exec(text: string): Promise<void> {
    await this.pool.query(text);
  }

  async listen(channel: string, handler: (payload: string) => void) {
    if (!this.listener) {
      this.listener = new pg.Client({
        connectionString: this.url,
        ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
      });
      this.listener.on('error', () => undefined);
      await this.listener.connect();
      this.listener.on('notification', (message) => {
        for (const h of this.handlers.get(message.channel) ?? []) h(message.payload ?? '');
      });
    }
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

/** `DATABASE_URL` when given, else PGlite in `dataDir`. */
export function openDatabase(options: { url?: string; dataDir?: string }): Promise<SqlDatabase> {
  return options.url ? PostgresDatabase.open(options.url) : PgliteDatabase.open(options.dataDir);
}
