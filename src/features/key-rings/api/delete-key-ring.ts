/**
 * Delete a key ring (Manager): only when every key in it is deleted; `force` moves those keys to
 * `default`. Refreshes every query after either outcome (moved keys show in the keys page too).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteKeyRing() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ keyRingID, force }: { keyRingID: string; force: boolean }) =>
      keywardClient().deleteKeyRing(ctx, keyRingID, force ? { force } : {}),
    onSettled: () => queryClient.invalidateQueries(),
  });
}
