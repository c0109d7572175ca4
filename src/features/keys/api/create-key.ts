/** Create key; the engine's notice refreshes the instance's key lists. */
import { useMutation } from '@tanstack/react-query';
import type { CreateKeyRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: CreateKeyRequest) => keywardClient().createKey(ctx, req),
  });
}
