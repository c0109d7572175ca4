/** Purge a deleted key (KeyPurge, from 4 hours after deletion): its material is erased forever. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function usePurgeKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().purgeKey(ctx, idOrAlias),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
