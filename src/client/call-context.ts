/** The `CallContext` of this tab's acting user and instance, for every engine call the UI makes. */
import type { CallContext } from '../domain/api';
import { useActingUserId, useInstanceId } from './session';

export function useCallContext(): CallContext {
  const userId = useActingUserId();
  const instanceId = useInstanceId();
  if (!userId || !instanceId) throw new Error('useCallContext outside a signed-in console');
  return { userId, instanceId };
}
