/**
 * The account as data (issue 12): every account store's keys and records, read in one
 * transaction, and written back in one, so a restore leaves exactly what was saved. The
 * presenter's own stores (checkpoints) are never part of it.
 *
 * Writing back touches only what differs: IndexedDB pays for every record put (most of all for
 * its index entries — the keys store has six), so rewriting 30,000 records of a 10,000-key
 * account takes tens of seconds where reading them takes a fraction of one. `replaceAccount`
 * reads each store, deletes the records the saved data lacks, and puts only the records that
 * are missing or not equal to the saved ones (`sameValue`: same types, same bytes, same keys in
 * the same order; a CryptoKey never counts as equal, so it is always written). What remains is
 * the saved data, record for record.
 */
import type { AccountSummary } from '../../domain/presenter';
import { ACCOUNT_STORE_NAMES, type AccountStoreName } from '../store/database';
import { eventCountOf, type EventRecord } from '../store/event-blocks';
import type { StoreTx } from '../store/store-tx';

export type StoreRecords = { keys: IDBValidKey[]; values: unknown[] };
export type AccountData = Record<AccountStoreName, StoreRecords>;

export async function readAccount(tx: StoreTx): Promise<AccountData> {
  const data = {} as AccountData;
  for (const name of ACCOUNT_STORE_NAMES) data[name] = await tx.dumpStore(name);
  return data;
}

/** What `replaceAccount` wrote: records put and deleted (the rest were already as saved). */
export interface ReplaceCounts {
  put: number;
  deleted: number;
  kept: number;
}

/** Replaces every account store with `data` (stores absent from it are left empty). */
export async function replaceAccount(
  tx: StoreTx,
  data: Partial<AccountData>,
): Promise<ReplaceCounts> {
  const counts: ReplaceCounts = { put: 0, deleted: 0, kept: 0 };
  const current = await Promise.all(ACCOUNT_STORE_NAMES.map((name) => tx.dumpStore(name)));
  const writes: Promise<void>[] = [];
  ACCOUNT_STORE_NAMES.forEach((name, i) => {
    const wanted = data[name] ?? { keys: [], values: [] };
    const change = storeChanges(current[i]!, wanted);
    if (change === 'rewrite') {
      writes.push(tx.clearStore(name));
      if (wanted.values.length > 0) writes.push(tx.loadStore(name, wanted));
      counts.put += wanted.values.length;
      counts.deleted += current[i]!.values.length;
      return;
    }
    if (change.deleted.length > 0) writes.push(tx.deleteFromStore(name, change.deleted));
    if (change.put.values.length > 0) writes.push(tx.loadStore(name, change.put));
    counts.put += change.put.values.length;
    counts.deleted += change.deleted.length;
    counts.kept += wanted.values.length - change.put.values.length;
  });
  // Issued together, awaited together: IndexedDB runs them in order, in this one transaction.
  await Promise.all(writes);
  return counts;
}

/**
 * What turns `current` into `wanted`: the keys to delete and the records to put — or
 * 'rewrite' (clear, put all) when no record is kept, a key is of a kind this does not order, or
 * `wanted` is not in key order. Both lists are walked once, side by side, in IndexedDB's key
 * order (as `getAllKeys` returns them).
 */
export function storeChanges(
  current: StoreRecords,
  wanted: StoreRecords,
): 'rewrite' | { deleted: IDBValidKey[]; put: StoreRecords } {
  if (current.values.length === 0) return 'rewrite';
  const deleted: IDBValidKey[] = [];
  const put: StoreRecords = { keys: [], values: [] };
  const ck = current.keys;
  const wk = wanted.keys;
  let kept = 0;
  let i = 0;
  let j = 0;
  while (i < ck.length || j < wk.length) {
    if (j > 0 && j < wk.length) {
      const order = compareKeys(wk[j - 1]!, wk[j]!);
      if (order === undefined || order >= 0) return 'rewrite';
    }
    const order = i >= ck.length ? 1 : j >= wk.length ? -1 : compareKeys(ck[i]!, wk[j]!);
    if (order === undefined) return 'rewrite';
    if (order < 0) deleted.push(ck[i++]!);
    else if (order > 0) {
      put.keys.push(wk[j]!);
      put.values.push(wanted.values[j++]);
    } else {
      if (sameValue(current.values[i], wanted.values[j])) kept++;
      else {
        put.keys.push(wk[j]!);
        put.values.push(wanted.values[j]);
      }
      i++;
      j++;
    }
  }
  return kept === 0 ? 'rewrite' : { deleted, put };
}

/**
 * IndexedDB's order of two keys made of numbers, strings and arrays of them (numbers before
 * strings before arrays; strings by UTF-16 code unit; arrays element by element, then by
 * length), or undefined for any other kind of key.
 */
export function compareKeys(a: IDBValidKey, b: IDBValidKey): number | undefined {
  const ra = rank(a);
  const rb = rank(b);
  if (ra === undefined || rb === undefined) return undefined;
  if (ra !== rb) return ra - rb;
  if (ra === 3) {
    const x = a as IDBValidKey[];
    const y = b as IDBValidKey[];
    for (let k = 0; k < x.length && k < y.length; k++) {
      const order = compareKeys(x[k]!, y[k]!);
      if (order !== 0) return order;
    }
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function rank(key: IDBValidKey): number | undefined {
  if (typeof key === 'number') return Number.isNaN(key) ? undefined : 1;
  if (typeof key === 'string') return 2;
  if (Array.isArray(key)) return 3;
  return undefined;
}

/**
 * Whether two structured-clone values are the same record: equal primitives (`Object.is`), byte
 * arrays of the same type and bytes, arrays and plain objects with the same keys in the same
 * order and the same values. Anything else (a CryptoKey, a Date, a Map) is never the same.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return false;
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i]!;
    if (k !== bk[i]) return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

export async function clearAccount(tx: StoreTx): Promise<void> {
  for (const name of ACCOUNT_STORE_NAMES) await tx.clearStore(name);
}

export async function summarize(tx: StoreTx): Promise<AccountSummary> {
  return {
    keys: await tx.countStore('keys'),
    buckets: await tx.countStore('buckets'),
    objects: await tx.countStore('objects'),
    // Events, not records: a record of the events store is a block of events (schema v9).
    events: await tx.countEvents(),
  };
}

export function summarizeData(data: Partial<AccountData>): AccountSummary {
  return {
    keys: data.keys?.values.length ?? 0,
    buckets: data.buckets?.values.length ?? 0,
    objects: data.objects?.values.length ?? 0,
    events: (data.events?.values ?? []).reduce<number>(
      (n, record) => n + eventCountOf(record as EventRecord),
      0,
    ),
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
