/**
 * KEK rotation: every sealed key at rest (each `{"$key": {…, "sealed"}}` in any kw_ table)
 * deciphered under the old KEK and enciphered again under the new one, in one write
 * transaction: either every record moves to the new KEK or none does. Nothing else changes.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import type { Sql, SqlDatabase } from '../store/sql-database';
import { AAD, IV_BYTES, KekError } from './kek';

const aes = (bytes: Uint8Array) =>
  webcrypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);

/** Re-enciphers every sealed key; returns how many were re-sealed. */
export async function rotateKek(
  db: SqlDatabase,
  oldKek: Uint8Array,
  newKek: Uint8Array,
): Promise<number> {
  const [from, to] = await Promise.all([aes(oldKek), aes(newKek)]);
  const reseal = async (sealed: string): Promise<string> => {
    const bytes = Buffer.from(sealed, 'base64');
    let material: Uint8Array;
    try {
      material = new Uint8Array(
        await webcrypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: AAD },
          from,
          bytes.subarray(IV_BYTES),
        ),
      );
    } catch {
      throw new KekError('A stored key does not open under the old KEK: nothing was changed');
    }
    try {
      const iv = randomBytes(IV_BYTES);
      const cipher = await webcrypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: AAD },
        to,
        material,
      );
      return Buffer.concat([iv, new Uint8Array(cipher)]).toString('base64');
    } finally {
      material.fill(0);
    }
  };
  return db.transaction('write', async (sql) => {
    let count = 0;
    for (const table of await sealedTables(sql)) {
      const rows = await sql.query<{ row: string; value: string }>(
        `SELECT ctid::text AS row, value::text AS value FROM ${table} WHERE value::text LIKE '%"$key"%'`,
      );
      for (const { row, value } of rows) {
        let changed = 0;
        const walk = async (v: unknown): Promise<void> => {
          if (Array.isArray(v)) for (const item of v) await walk(item);
          else if (typeof v === 'object' && v !== null) {
            const record = v as Record<string, unknown>;
            const key = record.$key as { sealed?: unknown } | undefined;
            if (key && typeof key === 'object' && typeof key.sealed === 'string') {
              key.sealed = await reseal(key.sealed);
              changed++;
            }
            for (const member of Object.values(record)) await walk(member);
          }
        };
        const parsed = JSON.parse(value) as unknown;
        await walk(parsed);
        if (changed === 0) continue;
        await sql.query(`UPDATE ${table} SET value = $1::json WHERE ctid = $2::tid`, [
          JSON.stringify(parsed),
          row,
        ]);
        count += changed;
      }
    }
    return count;
  });
}

/** Every kw_ table with a JSON `value` column (names from the catalog, never from input). */
async function sealedTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'value' AND table_name LIKE 'kw\\_%'
     ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => /^kw_[a-z_]+$/.test(t));
}
