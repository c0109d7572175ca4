/** Dual authorization, first step: schedule a key for deletion (valid 7 days). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useScheduleKeyDeletion() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().setKeyForDeletion(ctx, idOrAlias),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
