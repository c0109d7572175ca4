/**
 * The audit trail as stored in the page's IndexedDB, read and rewritten directly (not through
 * the engine), for tests that check what was recorded or that tamper with it as a script of the
 * same origin could. Since schema v9 a record of the events store is an event block (a flush's
 * events, src/engine/store/event-blocks.ts) or, when written by v8 and earlier, one event.
 */
import type { Page } from '@playwright/test';
import type { AuditEvent } from '../src/domain/types';

/** Every stored event, blocks unpacked, in chain order. */
export function rawEvents(page: Page): Promise<AuditEvent[]> {
  return page.evaluate(
    () =>
      new Promise<AuditEvent[]>((resolve, reject) => {
        const open = indexedDB.open('keyward');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('events').objectStore('events').getAll();
          all.onsuccess = () => {
            db.close();
            const records = all.result as (AuditEvent | { events: AuditEvent[] })[];
            resolve(records.flatMap((r) => ('events' in r ? r.events : [r])));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** Renames the initiator of the stored event `seq`, inside whatever record holds it. */
export function rewriteInitiator(page: Page, seq: number, name: string): Promise<void> {
  return page.evaluate(
    ({ seq, name }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyward');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('events', 'readwrite');
          const store = tx.objectStore('events');
          // The record holding `seq` is the last one whose key is at most `seq`.
          const find = store.openCursor(IDBKeyRange.upperBound(seq), 'prev');
          find.onsuccess = () => {
            const cursor = find.result;
            if (!cursor) return reject(new Error(`no stored event ${seq}`));
            const record = cursor.value as AuditEvent | { events: AuditEvent[] };
            const rename = (e: AuditEvent) => ({ ...e, initiator: { ...e.initiator, name } });
            if ('events' in record) {
              if (!record.events.some((e) => e.seq === seq))
                return reject(new Error(`no stored event ${seq}`));
              cursor.update({
                ...record,
                events: record.events.map((e) => (e.seq === seq ? rename(e) : e)),
              });
            } else if (record.seq === seq) cursor.update(rename(record));
            else reject(new Error(`no stored event ${seq}`));
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { seq, name },
  );
}
