/** Create a key ring (Writer); the engine's notice refreshes the ring list. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateKeyRing() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (keyRingID: string) => keywardClient().createKeyRing(ctx, keyRingID),
  });
}
