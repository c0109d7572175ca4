/** Set a key's policies (Manager): rotation, dual authorization, or both. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KeyPolicies } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function usePutKeyPolicies(keyId: string) {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policies: Partial<KeyPolicies>) =>
      keywardClient().putKeyPolicies(ctx, keyId, policies),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
