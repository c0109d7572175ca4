/**
 * The session (account, users, instances, policies, engine clock) as one cached query shared by
 * the shell and every page, and what is derived from it: the engine's "now", users' names.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { engineQuery } from './engine-query';

export const sessionQuery = () => engineQuery('getSession');

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

/** A user's display name by id ("system" is the engine's own automatic actions). */
export function useUserName(): (userId: string | undefined) => string {
  const users = useQuery(sessionQuery()).data?.users;
  return (userId) => {
    if (!userId) return 'Unknown';
    if (userId === 'system') return 'Keyward (automatic)';
    return users?.find((u) => u.id === userId)?.name ?? userId;
  };
}
