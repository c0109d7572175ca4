/** Purge a deleted key (KeyPurge, from 4 hours after deletion): its material is erased forever. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function usePurgeKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().purgeKey(ctx, idOrAlias),
  });
}
