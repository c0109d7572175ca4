/** Rewrap a ciphertext under the key's current version, without returning the DEK. */
import { useMutation } from '@tanstack/react-query';
import type { UnwrapRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRewrapKey(keyId: string) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: UnwrapRequest) => keywardClient().rewrap(ctx, keyId, req),
  });
}
