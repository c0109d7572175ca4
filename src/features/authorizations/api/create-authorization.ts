/** Create a service authorization; the list refreshes when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateAuthorizationRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { authorizationQueries } from './authorization-queries';

export function useCreateAuthorization() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateAuthorizationRequest) => keywardClient().createAuthorization(ctx, req),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authorizationQueries.all(ctx) }),
  });
}
