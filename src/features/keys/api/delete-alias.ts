/** Remove an alias from a key (Manager). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteAlias() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ idOrAlias, alias }: { idOrAlias: string; alias: string }) =>
      keywardClient().deleteAlias(ctx, idOrAlias, alias),
  });
}
