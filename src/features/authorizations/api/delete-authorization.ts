/** Delete a service authorization (`force` when buckets depend on it). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { authorizationQueries } from './authorization-queries';

export function useDeleteAuthorization() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force: boolean }) =>
      keywardClient().deleteAuthorization(ctx, id, force ? { force } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authorizationQueries.all(ctx) }),
  });
}
