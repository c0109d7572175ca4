/** Delete a key (soft: restorable for 30 days); `force` shreds the resources it still protects. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useDeleteKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idOrAlias, force }: { idOrAlias: string; force: boolean }) =>
      keywardClient().deleteKey(ctx, idOrAlias, force ? { force } : {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
