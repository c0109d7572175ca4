/** Dual authorization: cancel a scheduled deletion. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCancelKeyDeletion() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().unsetKeyForDeletion(ctx, idOrAlias),
  });
}
