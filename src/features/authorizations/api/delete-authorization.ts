/** Delete a service authorization (`force` when buckets depend on it). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteAuthorization() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force: boolean }) =>
      keywardClient().deleteAuthorization(ctx, id, force ? { force } : {}),
  });
}
