/** Delete a key (soft: restorable for 30 days); `force` shreds the resources it still protects. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ idOrAlias, force }: { idOrAlias: string; force: boolean }) =>
      keywardClient().deleteKey(ctx, idOrAlias, force ? { force } : {}),
  });
}
