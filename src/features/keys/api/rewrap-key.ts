/** Rewrap a ciphertext under the key's current version, without returning the DEK. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UnwrapRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useRewrapKey(keyId: string) {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: UnwrapRequest) => keywardClient().rewrap(ctx, keyId, req),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.events(ctx, keyId) }),
  });
}
