/** Names for user ids on the key page, from the shared session query. */
import { useQuery } from '@tanstack/react-query';
import { sessionQuery, useEngineNow } from '../../../client/session-query';

export { useEngineNow };

/** A user's display name by id ("system" is the engine's own automatic actions). */
export function useUserName(): (userId: string | undefined) => string {
  const users = useQuery(sessionQuery()).data?.users;
  return (userId) => {
    if (!userId) return 'Unknown';
    if (userId === 'system') return 'Keyward (automatic)';
    return users?.find((u) => u.id === userId)?.name ?? userId;
  };
}
