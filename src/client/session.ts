/**
 * Who is acting in this tab, and on which kms instance. Each tab keeps its own choice in
 * sessionStorage, so a reload keeps the persona and two tabs can act as two different people (as
 * dual authorization needs). The last choice made in any tab seeds new tabs (through
 * localStorage), once, when the tab opens.
 */
import { useSyncExternalStore } from 'react';

const USER_KEY = 'keyward.actingUserId';
const INSTANCE_KEY = 'keyward.instanceId';

const listeners = new Set<() => void>();

for (const key of [USER_KEY, INSTANCE_KEY]) {
  const seed = localStorage.getItem(key);
  if (sessionStorage.getItem(key) === null && seed !== null) sessionStorage.setItem(key, seed);
}

function write(key: string, value: string): void {
  sessionStorage.setItem(key, value);
  localStorage.setItem(key, value);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useActingUserId(): string | null {
  return useSyncExternalStore(subscribe, () => sessionStorage.getItem(USER_KEY));
}

export function useInstanceId(): string | null {
  return useSyncExternalStore(subscribe, () => sessionStorage.getItem(INSTANCE_KEY));
}

export function setActingUserId(userId: string): void {
  write(USER_KEY, userId);
}

export function setInstanceId(instanceId: string): void {
  write(INSTANCE_KEY, instanceId);
}
