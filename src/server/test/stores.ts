/**
 * The store implementations the contract suite and server tests run against: IndexedDB
 * (fake-indexeddb), PGlite in memory, and a real PostgreSQL when KEYWARD_TEST_DATABASE_URL is
 * set (each opening gets its own schema there, dropped on close).
 */
import { randomBytes } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { IdbStore, type Store } from '../../engine/store/database';
import { KeySealer } from '../crypto/kek';
import { PgStore } from '../store/pg-store';
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '../store/sql-database';

export interface OpenedStore {
  store: Store;
  /** Another store over the same data, with its own key sealer (same KEK): a second process. */
  reopen?: (kek?: Uint8Array) => Promise<Store>;
  close(): Promise<void>;
}

export interface StoreKind {
  name: string;
  available: boolean;
  open(): Promise<OpenedStore>;
}

export const TEST_DATABASE_URL = process.env.KEYWARD_TEST_DATABASE_URL;

let counter = 0;

let sharedPglite: Promise<PGlite> | undefined;

/** A PGlite database of its own (a fresh schema of the one PGlite this test process shares). */
export async function freshPglite(): Promise<PgliteDatabase> {
  sharedPglite ??= PGlite.create();
  return PgliteDatabase.inSchema(await sharedPglite, `kw_test_${++counter}`);
}

/** A fresh PostgreSQL schema on the test server; returns a database in it and its cleanup. */
export async function freshPostgres(
  url: string,
): Promise<{ schema: string; open: () => Promise<SqlDatabase>; drop: () => Promise<void> }> {
  const schema = `kw_test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    schema,
    open: () => PostgresDatabase.open(url, { schema }),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function pgOpened(
  db: SqlDatabase,
  kek: Uint8Array,
  extra: () => Promise<void>,
  reopenDb?: () => Promise<SqlDatabase>,
): Promise<OpenedStore> {
  const store = await PgStore.open(db, await KeySealer.fromBytes(kek), { ownsDatabase: false });
  const others: SqlDatabase[] = [];
  return {
    store,
    reopen: async (otherKek = kek) => {
      const other = reopenDb ? await reopenDb() : db;
      if (other !== db) others.push(other);
      return PgStore.open(other, await KeySealer.fromBytes(otherKek), { ownsDatabase: false });
    },
    close: async () => {
      for (const o of others) await o.close();
      await db.close();
      await extra();
    },
  };
}

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'IndexedDB (fake-indexeddb)',
    available: true,
    open: async () => {
      const factory = new IDBFactory();
      const name = `contract-${++counter}`;
      const store = await IdbStore.open(factory, name);
      return {
        store,
        reopen: () => IdbStore.open(factory, name),
        close: async () => store.close(),
      };
    },
  },
  {
    name: 'PGlite',
    available: true,
    open: async () => pgOpened(await freshPglite(), randomBytes(32), async () => undefined),
  },
  {
    name: 'PostgreSQL (KEYWARD_TEST_DATABASE_URL)',
    available: Boolean(TEST_DATABASE_URL),
    open: async () => {
      const fresh = await freshPostgres(TEST_DATABASE_URL!);
      return pgOpened(await fresh.open(), randomBytes(32), fresh.drop, fresh.open);
    },
  },
];
