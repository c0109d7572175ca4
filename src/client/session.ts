/**
 * Who is acting in this tab, and on which kms instance. Kept in sessionStorage so a reload keeps
 * the persona and two tabs can act as two different people (as dual authorization needs); the
 * last choice also seeds new tabs through localStorage.
 */
import { useSyncExternalStore } from 'react';

const USER_KEY = 'keyward.actingUserId';
const INSTANCE_KEY = 'keyward.instanceId';

const listeners = new Set<() => void>();

function read(key: string): string | null {
  return sessionStorage.getItem(key) ?? localStorage.getItem(key);
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
  return useSyncExternalStore(subscribe, () => read(USER_KEY));
}

export function useInstanceId(): string | null {
  return useSyncExternalStore(subscribe, () => read(INSTANCE_KEY));
}

export function setActingUserId(userId: string): void {
  write(USER_KEY, userId);
}

export function setInstanceId(instanceId: string): void {
  write(INSTANCE_KEY, instanceId);
}
