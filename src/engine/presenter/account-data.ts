/**
 * The account as data (issue 12): every account store's keys and records, read in one
 * transaction, and written back in one — clearing what was there first, so a restore leaves
 * exactly what was saved. The presenter's own stores (checkpoints) are never part of it.
 */
import type { AccountSummary } from '../../domain/presenter';
import { ACCOUNT_STORE_NAMES, type AccountStoreName } from '../store/database';
import type { StoreTx } from '../store/store-tx';

export type StoreRecords = { keys: IDBValidKey[]; values: unknown[] };
export type AccountData = Record<AccountStoreName, StoreRecords>;

export async function readAccount(tx: StoreTx): Promise<AccountData> {
  const data = {} as AccountData;
  for (const name of ACCOUNT_STORE_NAMES) data[name] = await tx.dumpStore(name);
  return data;
}

/** Replaces every account store with `data` (stores absent from it are left empty). */
export async function replaceAccount(tx: StoreTx, data: Partial<AccountData>): Promise<void> {
  for (const name of ACCOUNT_STORE_NAMES) {
    await tx.clearStore(name);
    const records = data[name];
    if (records) await tx.loadStore(name, records);
  }
}

export async function clearAccount(tx: StoreTx): Promise<void> {
  for (const name of ACCOUNT_STORE_NAMES) await tx.clearStore(name);
}

export async function summarize(tx: StoreTx): Promise<AccountSummary> {
  return {
    keys: await tx.countStore('keys'),
    buckets: await tx.countStore('buckets'),
    objects: await tx.countStore('objects'),
    events: await tx.countStore('events'),
  };
}

export function summarizeData(data: Partial<AccountData>): AccountSummary {
  return {
    keys: data.keys?.values.length ?? 0,
    buckets: data.buckets?.values.length ?? 0,
    objects: data.objects?.values.length ?? 0,
    events: data.events?.values.length ?? 0,
  };
}

/** The value stored under `key` in the out-of-line `meta` store of `data`. */
export function metaOf(data: Partial<AccountData>, key: string): unknown {
  const meta = data.meta;
  if (!meta) return undefined;
  const i = meta.keys.indexOf(key);
  return i < 0 ? undefined : meta.values[i];
}

/** Sets `key` in the `meta` of `data` (adding it if absent). */
export function setMeta(data: Partial<AccountData>, key: string, value: unknown): void {
  const meta = (data.meta ??= { keys: [], values: [] });
  const i = meta.keys.indexOf(key);
  if (i < 0) {
    meta.keys.push(key);
    meta.values.push(value);
  } else meta.values[i] = value;
}

export function deleteMeta(data: Partial<AccountData>, key: string): void {
  const meta = data.meta;
  if (!meta) return;
  const i = meta.keys.indexOf(key);
  if (i < 0) return;
  meta.keys.splice(i, 1);
  meta.values.splice(i, 1);
}
