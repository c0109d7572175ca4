/**
 * Which engine this tab's console uses: its own in-browser engine (the default) or a Keyward
 * server (its address, the API key, and the user the key acts as). Kept like the persona
 * (session.ts): per tab in sessionStorage, so two tabs can be connected as two people, and the
 * last choice seeds new tabs once, through localStorage. The API key is stored in this browser
 * for this origin until you disconnect.
 */
import { useSyncExternalStore } from 'react';

export interface ServerChoice {
  url: string;
  apiKey: string;
  /** The user the API key acts as (the server's answer when it was connected). */
  userId: string;
  userName: string;
}

const KEY = 'keyward.server';
const listeners = new Set<() => void>();

{
  const seed = localStorage.getItem(KEY);
  if (sessionStorage.getItem(KEY) === null && seed !== null) sessionStorage.setItem(KEY, seed);
}

let cached: { raw: string | null; value: ServerChoice | undefined } = {
  raw: null,
  value: undefined,
};

function parse(raw: string | null): ServerChoice | undefined {
  if (raw === null) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<ServerChoice>;
    return typeof v.url === 'string' &&
      typeof v.apiKey === 'string' &&
      typeof v.userId === 'string' &&
      typeof v.userName === 'string'
      ? (v as ServerChoice)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The server this tab uses, or undefined for the in-browser engine. */
export function serverChoice(): ServerChoice | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (raw !== cached.raw) cached = { raw, value: parse(raw) };
  return cached.value;
}

/** Uses a server from now on (undefined: the in-browser engine). */
export function saveServerChoice(choice: ServerChoice | undefined): void {
  if (choice) {
    const raw = JSON.stringify(choice);
    sessionStorage.setItem(KEY, raw);
    localStorage.setItem(KEY, raw);
  } else {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** As React state: the server this tab uses, or undefined for the in-browser engine. */
export function useServerChoice(): ServerChoice | undefined {
  return useSyncExternalStore(subscribe, serverChoice);
}

/**
 * Why presenter-only features (checkpoints, reset, scenarios, backup) are off on a server, or
 * undefined in the browser.
 */
export const SERVER_PRESENTER_REASON =
  'Not on a Keyward server: checkpoints, scenarios, reset and backup are the in-browser presenter kit. Back a server up with pg_dump and its KEK file.';
