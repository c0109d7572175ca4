/** addUser (Administrator). The engine's `access` notice refreshes the session and access checks. */
import { useMutation } from '@tanstack/react-query';
import type { AddUserRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useAddUser() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (arg: AddUserRequest) => keywardClient().addUser(ctx, arg),
  });
}
