/** Delete a service instance (the engine refuses while it holds keys or buckets). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { sessionQuery } from '../../../client/session-query';
import { instanceQueries } from './instance-queries';

export function useDeleteInstance() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (instanceId: string) => keywardClient().deleteInstance(ctx, instanceId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionQuery().queryKey });
      await queryClient.invalidateQueries({ queryKey: instanceQueries.all(ctx) });
    },
  });
}
