/** Create key: the mutation, invalidating the instance's key lists when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateKeyRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useCreateKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateKeyRequest) => keywardClient().createKey(ctx, req),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
