/** removeUser (Administrator), with their policies. The engine's notice refreshes what shows them. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRemoveUser() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (arg: string) => keywardClient().removeUser(ctx, arg),
  });
}
