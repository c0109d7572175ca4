/**
 * Event blocks (schema v9, issue 16): a flush's events are one record of the events store. A v8
 * database, whose events are one record each, upgrades in place: its events are read as they
 * are, side by side with the blocks written after the upgrade — in order, by key, counted, after
 * a seq and in the chain check.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { openHarness, type Harness } from '../test/harness';
import { inOneFlush } from '../test/one-flush';
import { rawEvents, readAll } from '../test/raw-db';
import { IdbStore, STORE_NAMES } from './database';
import {
  eventBlock,
  isEventBlock,
  packEventRecords,
  unpackEventRecords,
  type EventRecord,
} from './event-blocks';
import type { AuditEvent } from './records';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('aborted'));
  });
}

/** The indexes v9 added: a v8 database has every other store and index of today's schema. */
const V9_INDEXES = new Set(['byKeyIds', 'byLast']);

/**
 * Copies the harness's database into `name` at schema v8: the same stores and indexes but v9's,
 * every record as it is, except the events, written one record per event as v8 wrote them.
 */
async function copyAsV8(h: Harness, name: string): Promise<void> {
  const source = await done(h.factory.open(h.dbName));
  const schema = STORE_NAMES.map((store) => {
    const os = source.transaction(store).objectStore(store);
    return {
      store,
      keyPath: os.keyPath,
      indexes: [...os.indexNames]
        .filter((i) => !(store === 'events' && V9_INDEXES.has(i)))
        .map((i) => {
          const index = os.index(i);
          return { name: i, keyPath: index.keyPath, multiEntry: index.multiEntry };
        }),
    };
  });
  const data = new Map<string, { keys: IDBValidKey[]; values: unknown[] }>();
  const read = source.transaction([...STORE_NAMES]);
  for (const store of STORE_NAMES) {
    const os = read.objectStore(store);
    data.set(store, { keys: await done(os.getAllKeys()), values: await done(os.getAll()) });
  }
  source.close();

  const open = h.factory.open(name, 8);
  open.onupgradeneeded = () => {
    for (const s of schema) {
      const os = open.result.createObjectStore(
        s.store,
        s.keyPath === null ? undefined : { keyPath: s.keyPath },
      );
      for (const i of s.indexes) os.createIndex(i.name, i.keyPath, { multiEntry: i.multiEntry });
    }
  };
  const v8 = await done(open);
  const write = v8.transaction([...STORE_NAMES], 'readwrite');
  for (const store of STORE_NAMES) {
    const records = store === 'events' ? unpackEventRecords(data.get(store)!) : data.get(store)!;
    const os = write.objectStore(store);
    records.values.forEach((value, i) => {
      if (os.keyPath === null) os.put(value, records.keys[i]);
      else os.put(value);
    });
  }
  await finished(write);
  v8.close();
}

describe('event blocks', () => {
  it('a v8 database with events upgrades: its single-event records read mixed with new blocks', async () => {
    const source = await openHarness();
    const w = source.as('writer');
    const a = await source.engine.createKey(w, { name: 'key-a', extractable: false });
    const b = await source.engine.createKey(w, { name: 'key-b', extractable: false });
    await Promise.all([0, 1, 2].map(() => source.engine.wrap(source.as('reader'), a.id)));
    await source.engine.wrap(source.as('reader'), b.id);
    await source.engine.close();
    await copyAsV8(source, 'v8-copy');
    const old = await rawEvents({ ...source, dbName: 'v8-copy' });
    expect(old.length).toBe(6);

    // Opened by today's engine: the upgrade adds v9's indexes over the v8 records.
    const copy = { ...source, dbName: 'v8-copy' };
    const engine = await Engine.open({
      indexedDB: source.factory,
      dbName: 'v8-copy',
      now: () => source.clock.now,
      channel: null,
    });
    const reader = source.as('reader');
    // Wraps in flight together: their events are written as one block.
    const wrapA = () => engine.wrap(reader, a.id);
    await inOneFlush(engine, [wrapA, wrapA, wrapA, wrapA]);
    await Promise.all([engine.wrap(reader, b.id), engine.wrap(reader, a.id)]);
    await engine.flushEvents();

    const records = await readAll<EventRecord>(copy, 'events');
    const singles = records.filter((r) => !isEventBlock(r));
    const blocks = records.filter(isEventBlock);
    expect(singles.length).toBe(old.length);
    expect(blocks.some((r) => r.events.length > 1)).toBe(true);
    const all = await rawEvents(copy);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));

    // The chain verifies across both kinds of record.
    expect(await engine.verifyEvents(reader)).toEqual({ ok: true, verified: all.length });
    // A key's history: its old single records and its events inside blocks, only its own.
    const ofA = all.filter((e) => e.target.keyId === a.id);
    const history = await engine.listEvents(reader, { target: a.id, newestFirst: false });
    expect(history.total).toBe(ofA.length);
    expect(history.events.map((e) => e.seq)).toEqual(ofA.map((e) => e.seq));
    expect(ofA.filter((e) => e.seq <= old.length).length).toBe(4);
    const newestB = await engine.listEvents(reader, { target: b.id, limit: 2 });
    expect(newestB.events.map((e) => e.seq)).toEqual(
      all
        .filter((e) => e.target.keyId === b.id)
        .map((e) => e.seq)
        .reverse()
        .slice(0, 2),
    );
    // Paging over every event crosses from single records into blocks (the listing calls
    // themselves add events, after these).
    const page = await engine.listEvents(reader, {
      offset: old.length - 2,
      limit: 4,
      newestFirst: false,
    });
    expect(page.total).toBeGreaterThan(all.length);
    expect(page.events.map((e) => e.seq)).toEqual([
      old.length - 1,
      old.length,
      old.length + 1,
      old.length + 2,
    ]);
    await engine.flushEvents();
    const now = await rawEvents(copy);
    await engine.close();

    // The store's own reads: count, last, after a seq (inside a block), each event with a stop.
    const store = await IdbStore.open(source.factory, 'v8-copy');
    const straddled = blocks.find((r) => r.events.length > 2)!;
    await store.read(async (tx) => {
      expect(await tx.countEvents()).toBe(now.length);
      expect(await tx.countStore('events')).toBeLessThan(now.length);
      expect((await tx.lastEvent())?.seq).toBe(now.length);
      const after: number[] = [];
      await tx.eachEventAfter(straddled.seq, (e) => after.push(e.seq));
      expect(after).toEqual(now.map((e) => e.seq).filter((s) => s > straddled.seq));
      const fromOld: number[] = [];
      await tx.eachEventAfter(2, (e) => fromOld.push(e.seq));
      expect(fromOld).toEqual(now.map((e) => e.seq).slice(2));
      const newest: number[] = [];
      await tx.eachEvent((e) => (newest.push(e.seq), newest.length < 3), true);
      expect(newest).toEqual([now.length, now.length - 1, now.length - 2]);
      const oldest: number[] = [];
      await tx.eachEvent((e) => (oldest.push(e.seq), e.seq < old.length + 1));
      expect(oldest).toEqual(now.slice(0, old.length + 1).map((e) => e.seq));
    });
    store.close();
  });

  it('packs per-event records into blocks and unpacks them, in order; leaves disorder alone', () => {
    const event = (seq: number, keyId?: string) =>
      ({ seq, target: { crn: 'crn', ...(keyId ? { keyId } : {}) } }) as AuditEvent;
    const events = Array.from({ length: 4500 }, (_, i) => event(i + 1, i % 3 ? 'k1' : 'k2'));
    const packed = packEventRecords({ keys: events.map((e) => e.seq), values: events });
    expect(packed.keys).toEqual([1, 2001, 4001]);
    expect(packed.values.map((r) => isEventBlock(r) && [r.seq, r.last, r.keyIds])).toEqual([
      [1, 2000, ['k2', 'k1']],
      [2001, 4000, ['k1', 'k2']],
      [4001, 4500, ['k1', 'k2']],
    ]);
    const unpacked = unpackEventRecords(packed);
    expect(unpacked.keys).toEqual(events.map((e) => e.seq));
    expect(unpacked.values).toEqual(events);
    // Mixed blocks and singles unpack in order.
    const mixed = { keys: [1, 3], values: [event(1), eventBlock([event(3), event(4)])] };
    expect(unpackEventRecords(mixed).keys).toEqual([1, 3, 4]);
    // Seqs out of order are left one record per event, for the chain check to report.
    const disorder = { keys: [1, 2, 3], values: [event(1), event(3), event(2)] };
    expect(packEventRecords(disorder)).toEqual({ keys: [1, 3, 2], values: disorder.values });
  });
});
