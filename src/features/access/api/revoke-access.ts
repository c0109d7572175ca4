/** revokeAccess (Administrator). The engine's `access` notice refreshes the session and permissions. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRevokeAccess() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (arg: string) => keywardClient().revokeAccess(ctx, arg),
  });
}
