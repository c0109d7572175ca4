/** Move a key to another key ring (Manager on both rings). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useSetKeyRing(keyId: string) {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyRingID: string) => keywardClient().setKeyRing(ctx, keyId, keyRingID),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
