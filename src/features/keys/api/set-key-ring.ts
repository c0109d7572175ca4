/** Move a key to another key ring (Manager on both rings). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useSetKeyRing(keyId: string) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (keyRingID: string) => keywardClient().setKeyRing(ctx, keyId, keyRingID),
  });
}
