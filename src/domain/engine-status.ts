/**
 * Messages beside the RPC (comlink ignores them) about whether the engine runs: the engine tells
 * its page once that it has started or could not (its database opened, or failed to); the page
 * pings while calls are pending and the engine answers at once (a stopped worker does not).
 */
import type { ErrorData } from './errors';

export type EngineStatusMessage =
  { keywardEngine: 'ready' } | { keywardEngine: 'failed'; error: ErrorData };

export function isEngineStatusMessage(data: unknown): data is EngineStatusMessage {
  return typeof data === 'object' && data !== null && 'keywardEngine' in data;
}

/** Page → engine: are you there? */
export interface PingMessage {
  keywardPing: number;
}

/** Engine → page: the answer to the ping of the same number. */
export interface PongMessage {
  keywardPong: number;
}

export function isPing(data: unknown): data is PingMessage {
  return typeof data === 'object' && data !== null && 'keywardPing' in data;
}

export function isPong(data: unknown): data is PongMessage {
  return typeof data === 'object' && data !== null && 'keywardPong' in data;
}
