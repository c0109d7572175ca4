/**
 * The session (account, users, instances, policies, engine clock) as one cached query shared by
 * the shell and every page, and the engine's "now" derived from it.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { keywardClient } from './keyward-client';

export const sessionQuery = () =>
  queryOptions({ queryKey: ['session'] as const, queryFn: () => keywardClient().getSession() });

/**
 * The engine's "now" in epoch ms: the session's clock reading (refetched whenever the clock moves)
 * plus the real time elapsed since, re-read every `everyMs`.
 */
export function useEngineNow(everyMs = 15_000): number {
  const session = useQuery(sessionQuery());
  const [realNow, setRealNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setRealNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  if (!session.data) return realNow;
  return Date.parse(session.data.now) + Math.max(0, realNow - session.dataUpdatedAt);
}
