/**
 * The call context of object storage calls: the acting user on the account's object storage
 * instance (the console has one), found in the session. Says why there is none: the session is
 * still loading, failed to load, or the account has no object storage instance (an
 * Administrator can delete it on the resources page).
 */
import { useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { sessionQuery } from '../../../client/session-query';
import { useActingUserId } from '../../../client/session';

export type StorageContext =
  | { status: 'pending' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'no-instance' }
  | { status: 'ready'; ctx: CallContext };

export function useStorageContext(): StorageContext {
  const session = useQuery(sessionQuery());
  const userId = useActingUserId();
  if (session.isError && !session.data)
    return { status: 'error', error: session.error, retry: () => void session.refetch() };
  if (!session.data || !userId) return { status: 'pending' };
  const cos = session.data.instances.find((i) => i.kind === 'cos');
  if (!cos) return { status: 'no-instance' };
  return { status: 'ready', ctx: { userId, instanceId: cos.id } };
}
