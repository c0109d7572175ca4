/**
 * SPEC 14, durable before answered: a call's promise settles only once its event is committed —
 * reads, payload reads and refusals too (they are group-committed, promptly). With storage full,
 * reads still answer and their events are written once space is freed (SPEC 14).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectError } from '../test/expect-error';
import { openHarness } from '../test/harness';
import { rawEvents } from '../test/raw-db';
import { storageFullOn } from '../test/storage-full';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('every call is answered after its event is durable', () => {
  it('a wrap, a payload read and a list are in storage when their promises resolve', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const std = await h.engine.createKey(h.as('writer'), { name: 'std', extractable: true });
    await h.engine.wrap(h.as('reader'), root.id);
    expect((await rawEvents(h)).at(-1)).toMatchObject({ action: 'kms.secrets.wrap' });
    await h.engine.getKey(h.as('writer'), std.id);
    expect((await rawEvents(h)).at(-1)).toMatchObject({
      action: 'kms.secrets.read',
      target: { keyId: std.id },
    });
    await h.engine.listKeys(h.as('reader'));
    expect((await rawEvents(h)).at(-1)).toMatchObject({ action: 'kms.secrets.list' });
  });

  it('a refusal is recorded before it is answered', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    await expectError(h.engine.disableKey(h.as('reader'), root.id), 401, 'UNAUTHORIZED_ERR');
    expect((await rawEvents(h)).at(-1)).toMatchObject({
      action: 'kms.secrets.disable',
      outcome: 'failure',
      reason: { code: 'UNAUTHORIZED_ERR' },
    });
    // So is a refusal at the boundary (bad arguments).
    await expectError(
      h.engine.wrap(h.as('reader'), 42 as unknown as string),
      400,
      'INVALID_FIELD_ERR',
    );
    expect((await rawEvents(h)).at(-1)).toMatchObject({ outcome: 'failure' });
  });

  it('storage full: a read still answers (SPEC 14), and its event is written once space is freed', async () => {
    const h = await openHarness();
    const root = await h.engine.createKey(h.as('writer'), { name: 'root', extractable: false });
    const before = (await rawEvents(h)).length;
    const restore = storageFullOn('events');
    await h.engine.wrap(h.as('reader'), root.id);
    expect((await rawEvents(h)).length).toBe(before);
    restore();
    await h.engine.flushEvents();
    // Written once, as a success: no second event.
    expect((await rawEvents(h)).filter((e) => e.action === 'kms.secrets.wrap')).toEqual([
      expect.objectContaining({ outcome: 'success' }),
    ]);
  });
});
