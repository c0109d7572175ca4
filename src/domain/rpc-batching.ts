/**
 * Message batching for the worker RPC, shared by both ends (so it lives here, with the API's
 * other wire-level definitions). Wraps a `postMessage` endpoint so that every message posted in
 * the same task goes out as one `{ keywardBatch: [...] }` message, and unpacks such batches on
 * receipt. comlink keeps its protocol; only the number of cross-thread messages drops, which is
 * what limits throughput when many calls are in flight (one `postMessage` per call costs more than
 * a 32-byte AES-GCM encryption).
 */

/** The parts of a Worker / worker global scope that comlink uses (its `Endpoint`). */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
}

interface Batch {
  keywardBatch: unknown[];
}

function isBatch(data: unknown): data is Batch {
  return typeof data === 'object' && data !== null && Array.isArray((data as Batch).keywardBatch);
}

type Listener = EventListenerOrEventListenerObject;

function deliver(listener: Listener, event: Event): void {
  if (typeof listener === 'function') listener(event);
  else listener.handleEvent(event);
}

export function batchingEndpoint(inner: MessageEndpoint): MessageEndpoint {
  let outgoing: unknown[] = [];
  let transfers: Transferable[] = [];
  const listeners = new Map<Listener, Listener>();

  function flush(): void {
    const batch = outgoing;
    const transfer = transfers;
    outgoing = [];
    transfers = [];
    inner.postMessage({ keywardBatch: batch } satisfies Batch, transfer);
  }

  return {
    postMessage(message, transfer = []) {
      if (outgoing.length === 0) queueMicrotask(flush);
      outgoing.push(message);
      transfers.push(...transfer);
    },
    addEventListener(type, listener) {
      const unpacking = (event: Event) => {
        const data: unknown = (event as MessageEvent).data;
        if (!isBatch(data)) return deliver(listener, event);
        for (const message of data.keywardBatch)
          deliver(listener, { data: message } as MessageEvent);
      };
      listeners.set(listener, unpacking);
      inner.addEventListener(type, unpacking);
    },
    removeEventListener(type, listener) {
      const unpacking = listeners.get(listener);
      if (!unpacking) return;
      listeners.delete(listener);
      inner.removeEventListener(type, unpacking);
    },
  };
}
