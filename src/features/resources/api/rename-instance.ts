/** Rename a service instance. */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRenameInstance() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: ({ instanceId, name }: { instanceId: string; name: string }) =>
      keywardClient().renameInstance(ctx, instanceId, name),
  });
}
