import { describe, expect, it } from 'vitest';
import { batchingEndpoint, type MessageEndpoint } from './rpc-batching';

function fakeEndpoint() {
  const posted: { message: unknown; transfer: Transferable[] | undefined }[] = [];
  const listeners = new Set<EventListenerOrEventListenerObject>();
  const endpoint: MessageEndpoint = {
    postMessage: (message, transfer) => posted.push({ message, transfer }),
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  const receive = (data: unknown) => {
    for (const l of listeners) {
      if (typeof l === 'function') l({ data } as MessageEvent);
      else l.handleEvent({ data } as MessageEvent);
    }
  };
  return { endpoint, posted, receive, listeners };
}

describe('batchingEndpoint', () => {
  it('sends every message posted in one task as one batch, with all transfers', async () => {
    const inner = fakeEndpoint();
    const outer = batchingEndpoint(inner.endpoint);
    const a = new ArrayBuffer(4);
    const b = new ArrayBuffer(8);
    outer.postMessage({ n: 1 }, [a]);
    outer.postMessage({ n: 2 });
    outer.postMessage({ n: 3 }, [b]);
    expect(inner.posted).toHaveLength(0);
    await Promise.resolve();
    expect(inner.posted).toEqual([
      { message: { keywardBatch: [{ n: 1 }, { n: 2 }, { n: 3 }] }, transfer: [a, b] },
    ]);
    outer.postMessage({ n: 4 });
    await Promise.resolve();
    expect(inner.posted).toHaveLength(2);
  });

  it('unpacks a batch into single messages, in order; passes other messages through', () => {
    const inner = fakeEndpoint();
    const outer = batchingEndpoint(inner.endpoint);
    const seen: unknown[] = [];
    const listener = (event: Event) => seen.push((event as MessageEvent).data);
    outer.addEventListener('message', listener);
    inner.receive({ keywardBatch: ['x', 'y', 'z'] });
    inner.receive('plain');
    expect(seen).toEqual(['x', 'y', 'z', 'plain']);
    outer.removeEventListener('message', listener);
    expect(inner.listeners.size).toBe(0);
    inner.receive({ keywardBatch: ['after'] });
    expect(seen).toHaveLength(4);
  });
});

describe('batchingEndpoint when a message cannot be sent', () => {
  it('sends the others one by one', async () => {
    const posted: unknown[] = [];
    const outer = batchingEndpoint({
      postMessage: (message) => {
        if (JSON.stringify(message).includes('bad')) throw new Error('DataCloneError');
        posted.push(message);
      },
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      outer.postMessage('ok-1');
      outer.postMessage('bad');
      outer.postMessage('ok-2');
      await Promise.resolve();
    } finally {
      console.error = original;
    }
    expect(posted).toEqual([{ keywardBatch: ['ok-1'] }, { keywardBatch: ['ok-2'] }]);
    expect(errors).toHaveLength(1);
  });
});
