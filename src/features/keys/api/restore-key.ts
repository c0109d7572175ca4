/** Restore a deleted key within its 30-day window (Manager). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRestoreKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().restoreKey(ctx, idOrAlias),
  });
}
