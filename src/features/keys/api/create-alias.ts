/** Add an alias to a key (Writer): unique in the instance, at most 5 per key. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateAlias() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ idOrAlias, alias }: { idOrAlias: string; alias: string }) =>
      keywardClient().createAlias(ctx, idOrAlias, alias),
  });
}
