/**
 * "Export CSV" on the keys table: every key the current search and filters match (not just the
 * page shown), fetched page by page, as a CSV file. Pure (the engine call is passed in), so it is
 * unit-tested under Node.
 */
import type { KeyList, ListKeysQuery } from '../../domain/api';
import { STATE_LABELS } from '../../domain/key-state';
import type { Key } from '../../domain/types';
import { LIMITS } from '../../domain/validation';
import { toCsv, type CsvColumn } from '../../components/csv';

/** Every key `query` matches (its paging ignored), in the query's sort order. */
export async function fetchAllKeys(
  list: (query: ListKeysQuery) => Promise<KeyList>,
  query: ListKeysQuery,
  pageSize: number = LIMITS.pageSizeMax,
): Promise<Key[]> {
  const keys: Key[] = [];
  let total: number | undefined;
  while (total === undefined || keys.length < total) {
    const page = await list({ ...query, offset: keys.length, limit: pageSize });
    total ??= page.total;
    keys.push(...page.keys);
    if (page.keys.length < pageSize) break;
  }
  return keys.slice(0, total);
}

export const KEY_CSV_COLUMNS: readonly CsvColumn<Key>[] = [
  ['id', (k) => k.id],
  ['name', (k) => k.name],
  ['aliases', (k) => k.aliases.join(' ')],
  ['type', (k) => (k.extractable ? 'standard' : 'root')],
  ['state', (k) => STATE_LABELS[k.state]],
  ['key_ring', (k) => k.keyRingID],
  ['imported', (k) => String(k.imported)],
  ['creation_date', (k) => k.creationDate],
  ['created_by', (k) => k.createdBy],
  ['last_rotate_date', (k) => k.lastRotateDate],
  ['next_rotation_date', (k) => k.nextRotationDate],
  ['expiration_date', (k) => k.expirationDate],
  ['dual_auth_delete', (k) => String(k.dualAuthDelete.enabled)],
  ['crn', (k) => k.crn],
];

export function keysToCsv(keys: readonly Key[]): string {
  return toCsv(KEY_CSV_COLUMNS, keys);
}

/** `keyward-keys-20260501T093000Z.csv`. */
export function keysFileName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `keyward-keys-${stamp}.csv`;
}
