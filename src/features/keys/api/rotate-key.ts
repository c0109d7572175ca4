/**
 * Rotate a root key: a new version wraps from now on (at most once an hour). An imported key is
 * rotated with new material (`req`), by the same routes as import.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RotateKeyRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useRotateKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: string | { idOrAlias: string; req: RotateKeyRequest }) =>
      typeof input === 'string'
        ? keywardClient().rotate(ctx, input)
        : keywardClient().rotate(ctx, input.idOrAlias, input.req),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
