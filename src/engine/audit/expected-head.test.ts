/**
 * A flush links its events to the head the log's last append computed, without reading it first
 * (audit-log.ts `append`), and checks it inside its own transaction. Where the chain moved under
 * it (the flush before did not commit, another tab appended), that transaction keeps nothing and
 * the flush writes its batch again from the stored head: the chain stays whole, every call
 * waiting for its event hears once it is stored, and no event is stored twice.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog, PendingEvent } from './audit-log';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents } from '../test/raw-db';

afterEach(() => {
  vi.restoreAllMocks();
});

function pending(h: Harness, correlationId: string): PendingEvent {
  return {
    id: crypto.randomUUID(),
    time: new Date(h.clock.now).toISOString(),
    action: 'kms.secrets.list',
    initiator: { id: h.as('reader').userId, name: 'Reader', roles: [] },
    target: { crn: 'crn:test', instanceId: h.instanceId },
    outcome: 'success',
    correlationId,
  };
}

/** Counts the transactions in which the log appended events (first tries and rewrites). */
function countAppends(audit: AuditLog): { count: () => number } {
  const spy = vi.spyOn(audit as unknown as { append: () => Promise<void> }, 'append');
  return { count: () => spy.mock.calls.length };
}

/** Makes the transaction of the `nth` put into the events store abort once that put is done. */
function failLateOnEventPut(nth: number): void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let count = 0;
  vi.spyOn(proto, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    const request = original.apply(this, args);
    if (this.name === 'events' && ++count === nth) {
      const tx = this.transaction;
      request.addEventListener('success', () => tx.abort());
    }
    return request;
  });
}

const correlationIds = async (h: Harness) => (await rawEvents(h)).map((e) => e.correlationId);

describe('the head a flush expects', () => {
  it('another tab appended: the flush writes its batch again, after that tab’s events', async () => {
    const h = await openHarness();
    const audit = h.engine.env.audit;
    const other = await h.openTab();
    await audit.queueDurable(pending(h, 'ours-1')); // this log now expects its own head
    await other.env.audit.queueDurable(pending(h, 'theirs'));
    const appends = countAppends(audit);
    await audit.queueDurable(pending(h, 'ours-2'));
    // Its first transaction found the chain moved and kept nothing; the second wrote it.
    expect(appends.count()).toBe(2);
    const ids = await correlationIds(h);
    expect(ids.filter((id) => ['ours-1', 'theirs', 'ours-2'].includes(id))).toEqual([
      'ours-1',
      'theirs',
      'ours-2',
    ]);
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
    // The next flush links to its own head again, at the first try.
    const before = appends.count();
    await audit.queueDurable(pending(h, 'ours-3'));
    expect(appends.count() - before).toBe(1);
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });

  it('the flush before did not commit: the next, linked to its events, is written again', async () => {
    const h = await openHarness();
    const audit = h.engine.env.audit;
    await audit.queueDurable(pending(h, 'first'));
    const log = audit as unknown as { append: (...args: unknown[]) => Promise<void> };
    const append = log.append.bind(audit);
    let kept: Promise<void> | undefined;
    let b: Promise<void> | undefined;
    // While the first flush appends, the next call queues and the next flush starts: it opens as
    // soon as the first has written (before that commits), linked to the head the first computed.
    const spy = vi.spyOn(log, 'append').mockImplementationOnce((...args) => {
      kept = audit.queueDurable(pending(h, 'kept'));
      b = audit.flush();
      return append(...args);
    });
    failLateOnEventPut(1); // the first flush's transaction aborts once its events are put
    const lost = audit.queueDurable(pending(h, 'lost'));
    const a = audit.flush();
    await expect(lost).rejects.toBeDefined();
    await expect(a).rejects.toBeDefined();
    await kept;
    await b;
    // The first flush's one try, the second's first try (the chain moved: aborted), its rewrite.
    expect(spy.mock.calls.length).toBe(3);
    vi.restoreAllMocks();
    const ids = await correlationIds(h);
    expect(ids).toContain('first');
    expect(ids).not.toContain('lost');
    expect(ids.filter((id) => id === 'kept')).toHaveLength(1);
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });
});
