/** Enable a disabled key (Manager), no sooner than 30 seconds after it was disabled. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { keyQueries } from './key-queries';

export function useEnableKey() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().enableKey(ctx, idOrAlias),
    // Refusals are recorded too, so refresh after either outcome (the key's history shows both).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyQueries.all(ctx) }),
  });
}
