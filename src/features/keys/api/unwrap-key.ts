/** Unwrap a ciphertext; one made under an older version also comes back rewrapped to the latest. */
import { useMutation } from '@tanstack/react-query';
import type { UnwrapRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useUnwrapKey(keyId: string) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: UnwrapRequest) => keywardClient().unwrap(ctx, keyId, req),
  });
}
