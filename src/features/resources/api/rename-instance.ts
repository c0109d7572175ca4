/** Rename a service instance. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { sessionQuery } from '../../../client/session-query';

export function useRenameInstance() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ instanceId, name }: { instanceId: string; name: string }) =>
      keywardClient().renameInstance(ctx, instanceId, name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQuery().queryKey }),
  });
}
