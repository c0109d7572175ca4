/**
 * Delete a key ring (Manager): only when every key in it is deleted; `force` moves those keys to
 * `default`. The engine's notices (the ring's, and each moved key's) refresh what shows them.
 */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteKeyRing() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ keyRingID, force }: { keyRingID: string; force: boolean }) =>
      keywardClient().deleteKeyRing(ctx, keyRingID, force ? { force } : {}),
  });
}
