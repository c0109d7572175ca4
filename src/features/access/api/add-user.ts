/** addUser: the session (users and policies) and access checks refresh when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddUserRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { sessionQuery } from '../../../client/session-query';
import { accessQueries } from './access-queries';

export function useAddUser() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: AddUserRequest) => keywardClient().addUser(ctx, arg),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionQuery().queryKey });
      await queryClient.invalidateQueries({ queryKey: accessQueries.all(ctx) });
    },
  });
}
