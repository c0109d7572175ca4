/**
 * Writes issued without awaiting each put (store-tx.ts `issued`, the audit append): a later read
 * in the same transaction sees an earlier write, and a write that fails after it was issued (as a
 * quota error at commit does in a browser) fails the whole call — nothing kept, nobody told it
 * succeeded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openHarness } from '../test/harness';
import { rawEvents, rawKeys, rawVersions } from '../test/raw-db';
import { failLateOn } from '../test/storage-full';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writes issued together', () => {
  it('a later item of the same createKeys sees an earlier item’s alias (in-order requests)', async () => {
    const h = await openHarness();
    const results = await h.engine.createKeys(h.as('writer'), [
      { name: 'first', extractable: false, aliases: ['shared-alias'] },
      { name: 'second', extractable: false, aliases: ['shared-alias'] },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect((await rawKeys(h)).map((k) => k.name)).toEqual(['first']);
  });

  it('a key put that fails after it was issued refuses every item and keeps nothing', async () => {
    const h = await openHarness();
    const eventsBefore = (await rawEvents(h)).length;
    failLateOn('keys');
    const results = await h.engine.createKeys(
      h.as('writer'),
      Array.from({ length: 20 }, (_, i) => ({ name: `k-${i}`, extractable: false })),
    );
    vi.restoreAllMocks();
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await rawKeys(h)).toEqual([]);
    expect(await rawVersions(h)).toEqual([]);
    await h.engine.flushEvents();
    // Each item's refusal is recorded (by a later transaction), none as a success.
    const events = (await rawEvents(h)).slice(eventsBefore);
    expect(events.filter((e) => e.action === 'kms.secrets.create').map((e) => e.outcome)).toEqual(
      Array.from({ length: 20 }, () => 'failure'),
    );
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });

  it('an event put that fails after it was issued fails the wrap whose event it was', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const eventsBefore = (await rawEvents(h)).length;
    failLateOn('events');
    await expect(h.engine.wrap(h.as('reader'), root.id)).rejects.toBeDefined();
    vi.restoreAllMocks();
    expect(await rawEvents(h)).toHaveLength(eventsBefore);
    // The next call is answered and recorded as usual, and the chain is whole.
    await h.engine.wrap(h.as('reader'), root.id);
    expect((await rawEvents(h)).at(-1)).toMatchObject({ action: 'kms.secrets.wrap' });
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });

  it('a batch whose one event fails after it was issued answers no item', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const eventsBefore = (await rawEvents(h)).length;
    failLateOn('events');
    const items = Array.from({ length: 50 }, () => ({ keyId: root.id }));
    await expect(h.engine.wrapBatch(h.as('reader'), items)).rejects.toBeDefined();
    vi.restoreAllMocks();
    expect(await rawEvents(h)).toHaveLength(eventsBefore);
    const results = await h.engine.wrapBatch(h.as('reader'), items);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await rawEvents(h)).at(-1)?.items).toHaveLength(50);
    expect(await h.engine.verifyEvents(h.as('admin'))).toMatchObject({ ok: true });
  });
});
