/**
 * The engine behind a proxy that counts calls per method, for the query-layer tests that assert
 * which reads a notice or a mutation makes the console ask again.
 */
import { API_METHODS, type KeywardApi } from '../domain/api';

export function counting(engine: KeywardApi): { api: KeywardApi; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const api = Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (engine[name] as (...a: unknown[]) => Promise<unknown>).apply(engine, args);
      },
    ]),
  ) as unknown as KeywardApi;
  return { api, calls };
}
