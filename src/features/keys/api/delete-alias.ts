/** Remove an alias from a key (Manager). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useDeleteAlias() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idOrAlias, alias }: { idOrAlias: string; alias: string }) =>
      keywardClient().deleteAlias(ctx, idOrAlias, alias),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
