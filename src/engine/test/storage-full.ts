/** Test-only fault: an object store that refuses writes as a full disk does, until restored. */
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
