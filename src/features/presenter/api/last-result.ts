/**
 * What the last restore or scenario load returned, kept beside the page: replacing the account
 * re-renders the whole console (new instance ids), so the page that asked may be mounted afresh
 * before the answer arrives; it reads the answer from here. Memory only: files handed out once
 * are not written anywhere.
 */
import { useSyncExternalStore } from 'react';

const results = new Map<string, unknown>();
const listeners = new Set<() => void>();

export function setLastResult(name: string, value: unknown): void {
  if (value === undefined) results.delete(name);
  else results.set(name, value);
  listeners.forEach((l) => l());
}

export function useLastResult<T>(name: string): [T | undefined, (value: T | undefined) => void] {
  const value = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => results.get(name) as T | undefined,
  );
  return [value, (next) => setLastResult(name, next)];
}
