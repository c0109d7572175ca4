/** Delete a service instance (the engine refuses while it holds keys or buckets). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteInstance() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (instanceId: string) => keywardClient().deleteInstance(ctx, instanceId),
  });
}
