/** Enable a disabled key (Manager), no sooner than 30 seconds after it was disabled. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useEnableKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().enableKey(ctx, idOrAlias),
  });
}
