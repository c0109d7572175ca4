/** Unwrap a ciphertext; one made under an older version also comes back rewrapped to the latest. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UnwrapRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useUnwrapKey(keyId: string) {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: UnwrapRequest) => keywardClient().unwrap(ctx, keyId, req),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.events(ctx, keyId) }),
  });
}
