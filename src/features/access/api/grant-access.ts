/** grantAccess (Administrator). The engine's `access` notice refreshes the session and permissions. */
import { useMutation } from '@tanstack/react-query';
import type { GrantAccessRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useGrantAccess() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (arg: GrantAccessRequest) => keywardClient().grantAccess(ctx, arg),
  });
}
