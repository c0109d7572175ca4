/**
 * The engine's `Store` on PostgreSQL (PGlite or a real server): each engine operation one SQL
 * transaction, rolled back if the operation throws, so a change and its audit event commit
 * together or not at all, as on IndexedDB.
 */
import type { Store } from '../../engine/store/database';
import type { StoreTx } from '../../engine/store/store-tx';
import type { KeySealer } from '../crypto/kek';
import { RecordCodec } from './codec';
import { migrate } from './migrate';
import { PgStoreTx } from './pg-store-tx';
import type { SqlDatabase } from './sql-database';

export class PgStore implements Store {
  private readonly codec: RecordCodec;

  private constructor(
    readonly db: SqlDatabase,
    sealer: KeySealer,
    private readonly ownsDatabase: boolean,
  ) {
    this.codec = new RecordCodec(sealer);
  }

  /** Migrates `db` to the current schema and returns a store over it. */
  static async open(
    db: SqlDatabase,
    sealer: KeySealer,
    options: { ownsDatabase?: boolean } = {},
  ): Promise<PgStore> {
    await migrate(db);
    return new PgStore(db, sealer, options.ownsDatabase ?? true);
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run('read', fn);
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run('write', fn);
  }

  private async run<T>(mode: 'read' | 'write', fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    let tx: PgStoreTx | undefined;
    try {
      const result = await this.db.transaction(mode, (sql) =>
        fn((tx = new PgStoreTx(sql, this.codec))),
      );
      tx?.ended();
      return result;
    } catch (error) {
      tx?.ended(error);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }
}
