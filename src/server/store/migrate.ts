/**
 * Schema migrations: the numbered SQL files in ./sql, each applied once, in order, in its own
 * transaction, recorded in kw_schema_migrations. Several processes starting at once take turns
 * (an advisory lock), so each step runs exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDatabase } from './sql-database';

const SQL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql');
const MIGRATION_LOCK = 0x6b65796d;

export function migrationFiles(): { version: number; name: string; text: string }[] {
  return readdirSync(SQL_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 3)),
      name,
      text: readFileSync(path.join(SQL_DIR, name), 'utf8'),
    }));
}

/** Applies the steps not yet applied; returns the names of those it applied. */
export async function migrate(db: SqlDatabase): Promise<string[]> {
  return db.transaction('write', async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS kw_schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await sql.query<{ version: number }>('SELECT version FROM kw_schema_migrations')).map(
        (r) => r.version,
      ),
    );
    const applied: string[] = [];
    for (const step of migrationFiles()) {
      if (done.has(step.version)) continue;
      for (const statement of splitStatements(step.text)) await sql.query(statement);
      await sql.query('INSERT INTO kw_schema_migrations (version, name) VALUES ($1, $2)', [
        step.version,
        step.name,
      ]);
      applied.push(step.name);
    }
    return applied;
  });
}

/** Splits a migration file into statements (our files have no `;` inside literals or bodies). */
function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
