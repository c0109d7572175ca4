/**
 * Runs calls that each queue one durable audit event, and holds the audit log's flush timer until
 * every one has queued, so their events are written together as one event block. Without the hold,
 * a loaded machine can finish one call's crypto after the flush has started and split the block.
 */
import { vi } from 'vitest';
import type { Engine } from '../engine';

/** Node's setImmediate (the tests run in Node; the engine's types have no Node globals). */
const nextMacrotask = () =>
  new Promise((resolve) =>
    (globalThis as unknown as { setImmediate: (f: (v?: unknown) => void) => void }).setImmediate(
      resolve,
    ),
  );

export async function inOneFlush<T>(engine: Engine, calls: (() => Promise<T>)[]): Promise<T[]> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const queued = vi.spyOn(engine.env.audit, 'queueDurable');
  try {
    const results = Promise.all(calls.map((call) => call()));
    // fake-indexeddb and WebCrypto do not use setTimeout, so the calls go on while it is held.
    while (queued.mock.calls.length < calls.length) {
      await nextMacrotask();
    }
    vi.advanceTimersByTime(0);
    vi.useRealTimers();
    return await results;
  } finally {
    vi.useRealTimers();
    queued.mockRestore();
  }
}
