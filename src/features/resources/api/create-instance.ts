/** Create a service instance; the session (instances) and usage refresh when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateInstanceRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { sessionQuery } from '../../../client/session-query';
import { instanceQueries } from './instance-queries';

export function useCreateInstance() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateInstanceRequest) => keywardClient().createInstance(ctx, req),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionQuery().queryKey });
      await queryClient.invalidateQueries({ queryKey: instanceQueries.all(ctx) });
    },
  });
}
