/** Rotate a root key: a new version wraps from now on (at most once an hour). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useRotateKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().rotate(ctx, idOrAlias),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
