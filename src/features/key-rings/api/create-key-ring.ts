/** Create a key ring (Writer): the mutation, refreshing the ring list when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyRingQueries } from './key-ring-queries';

export function useCreateKeyRing() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyRingID: string) => keywardClient().createKeyRing(ctx, keyRingID),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyRingQueries.all(ctx) }),
  });
}
