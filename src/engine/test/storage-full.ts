/** Test-only faults: an object store that refuses writes as a full disk does, or fails one late. */
import { vi } from 'vitest';
import type { StoreName } from './raw-db';

export function storageFullOn(storeName: StoreName): () => void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  const spy = vi.spyOn(proto, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    if (this.name === storeName)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return original.apply(this, args);
  });
  return () => spy.mockRestore();
}

/**
 * Makes the first put into `storeName` fail late: its transaction aborts once the put is done (as
 * a quota error at commit does in a browser). Restored by `vi.restoreAllMocks()`.
 */
export function failLateOn(storeName: StoreName): void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let failed = false;
  vi.spyOn(proto, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    const request = original.apply(this, args);
    if (this.name === storeName && !failed) {
      failed = true;
      const tx = this.transaction;
      request.addEventListener('success', () => tx.abort());
    }
    return request;
  });
}
