/**
 * Group commit of read-only calls' events (audit-log.ts `flush`): calls in flight together share
 * transactions, and the next flush opens while the previous commits. Each call resolves only once
 * its own event is stored; the chain keeps the order events were appended; a flush that fails
 * rejects only the calls whose events it held and loses or corrupts nobody else's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Harness } from '../test/harness';
import { openHarness } from '../test/harness';
import { rawEvents } from '../test/raw-db';

afterEach(() => {
  vi.restoreAllMocks();
});

const wrapAs = (h: Harness, keyId: string, correlationId: string) =>
  h.engine.wrap({ ...h.as('reader'), correlationId }, keyId);

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

describe('group commit', () => {
  it('300 wraps in flight: each is stored when it resolves, once, in one unbroken chain', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const before = (await rawEvents(h)).length;
    const missingAtResolve: string[] = [];
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        await wrapAs(h, root.id, `call-${i}`);
        // Checked for every tenth call (reading storage is slow): its event is already there.
        if (i % 10 === 0 && !(await rawEvents(h)).some((e) => e.correlationId === `call-${i}`))
          missingAtResolve.push(`call-${i}`);
      }),
    );
    expect(missingAtResolve).toEqual([]);
    const added = (await rawEvents(h)).slice(before);
    expect(added.map((e) => e.correlationId).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `call-${i}`).sort(),
    );
    // Seqs follow on without a gap, each event linked to the one before it.
    added.forEach((e, i) => expect(e.seq).toBe((added[0]?.seq ?? 0) + i));
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
    expect(added[0]).toMatchObject({
      action: 'kms.secrets.wrap',
      outcome: 'success',
      initiator: { id: h.as('reader').userId },
      target: { keyId: root.id, instanceId: h.instanceId },
    });
  });

  it('a flush that fails rejects only the calls it held; no event is lost or written twice', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const before = (await rawEvents(h)).length;
    const settle = (i: number) =>
      wrapAs(h, root.id, `call-${i}`).then(
        () => ({ id: `call-${i}`, ok: true }),
        () => ({ id: `call-${i}`, ok: false }),
      );
    // The first 30 calls are answered; then the transaction of the next event put (a flush's
    // events are one put, an event block) fails late.
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => settle(i)));
    failLateOnEventPut(1);
    const rest = await Promise.all(Array.from({ length: 30 }, (_, i) => settle(30 + i)));
    vi.restoreAllMocks();
    await h.engine.flushEvents();
    const outcomes = [...first, ...rest];
    const answered = outcomes.filter((o) => o.ok).map((o) => o.id);
    expect(first.every((o) => o.ok)).toBe(true);
    expect(rest.some((o) => !o.ok)).toBe(true);
    // Every call's event is stored exactly once (a read whose event could not be written is
    // refused, and its event is written by the next flush: SPEC 14), the chain unbroken.
    const stored = (await rawEvents(h)).slice(before).map((e) => e.correlationId);
    expect([...stored].sort()).toEqual(outcomes.map((o) => o.id).sort());
    expect(answered.every((id) => stored.includes(id))).toBe(true);
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });
});
