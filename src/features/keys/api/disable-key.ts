/** Disable a key (Manager): it can no longer wrap, unwrap or rewrap until enabled. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useDisableKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().disableKey(ctx, idOrAlias),
  });
}
