/** Set a key's policies (Manager): rotation, dual authorization, or both. */
import { useMutation } from '@tanstack/react-query';
import type { KeyPolicies } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function usePutKeyPolicies(keyId: string) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (policies: Partial<KeyPolicies>) =>
      keywardClient().putKeyPolicies(ctx, keyId, policies),
  });
}
