/** Add an alias to a key (Writer): unique in the instance, at most 5 per key. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useCreateAlias() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idOrAlias, alias }: { idOrAlias: string; alias: string }) =>
      keywardClient().createAlias(ctx, idOrAlias, alias),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
