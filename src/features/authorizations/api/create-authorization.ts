/** Create a service authorization; the engine's notice refreshes the list. */
import { useMutation } from '@tanstack/react-query';
import type { CreateAuthorizationRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateAuthorization() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: CreateAuthorizationRequest) => keywardClient().createAuthorization(ctx, req),
  });
}
