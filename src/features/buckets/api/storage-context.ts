/**
 * The call context of object storage calls: the acting user on the account's object storage
 * instance (the console has one), found in the session.
 */
import { useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { sessionQuery } from '../../../client/session-query';
import { useActingUserId } from '../../../client/session';

export function useStorageContext(): CallContext | undefined {
  const session = useQuery(sessionQuery());
  const userId = useActingUserId();
  const cos = session.data?.instances.find((i) => i.kind === 'cos');
  return cos && userId ? { userId, instanceId: cos.id } : undefined;
}
