/** removeUser: the session (users and policies) and access checks refresh when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { sessionQuery } from '../../../client/session-query';
import { accessQueries } from './access-queries';

export function useRemoveUser() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: string) => keywardClient().removeUser(ctx, arg),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionQuery().queryKey });
      await queryClient.invalidateQueries({ queryKey: accessQueries.all(ctx) });
    },
  });
}
