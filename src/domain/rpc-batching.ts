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
  let outgoing: { message: unknown; transfer: Transferable[] }[] = [];
  const listeners = new Map<Listener, (event: Event) => void>();

  function flush(): void {
    const batch = outgoing;
    outgoing = [];
    try {
      inner.postMessage(
        { keywardBatch: batch.map((m) => m.message) } satisfies Batch,
        batch.flatMap((m) => m.transfer),
      );
    } catch {
      // One message could not be cloned (e.g. a function passed from the browser console). Post
      // them one by one so only that one is lost, not every call that shared its batch.
      for (const { message, transfer } of batch) {
        try {
          inner.postMessage({ keywardBatch: [message] } satisfies Batch, transfer);
        } catch (error) {
          console.error('Keyward: a message to the engine could not be sent', error);
        }
      }
    }
  }

  return {
    postMessage(message, transfer = []) {
      if (outgoing.length === 0) queueMicrotask(flush);
      outgoing.push({ message, transfer });
    },
    addEventListener(type, listener) {
      if (listeners.has(listener)) return; // as EventTarget does: the same listener once
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
