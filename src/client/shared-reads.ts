/**
 * The engine reads several features show, as hooks for the acting user and instance: what the
 * user may do (in the instance, or on one key), the instance's policies, its key rings. Each is one
 * cached engine query (engine-query.ts), shared by every page that uses it. The session and the
 * Administrator check live beside: session-query.ts, administrator.ts.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallContext } from './call-context';
import { engineQuery } from './engine-query';

/** What the acting user may do on one key (by id or alias), or somewhere in the instance. */
export function usePermissions(keyIdOrAlias?: string) {
  const ctx = useCallContext();
  return useQuery(engineQuery('getPermissions', ctx, keyIdOrAlias));
}

/** The instance's policies: which keys may be created or imported, defaults for new keys. */
export function useInstancePolicies(options: { enabled?: boolean } = {}) {
  const ctx = useCallContext();
  return useQuery({ ...engineQuery('getInstancePolicies', ctx), ...options });
}

/** The instance's key rings with their key counts. */
export function useKeyRings() {
  const ctx = useCallContext();
  return useQuery(engineQuery('listKeyRings', ctx));
}
