/** Dual authorization, first step: schedule a key for deletion (valid 7 days). */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useScheduleKeyDeletion() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (idOrAlias: string) => keywardClient().setKeyForDeletion(ctx, idOrAlias),
  });
}
