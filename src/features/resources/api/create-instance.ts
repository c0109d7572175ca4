/** Create a service instance; the engine's notice refreshes the session (instances) and usage. */
import { useMutation } from '@tanstack/react-query';
import type { CreateInstanceRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateInstance() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: CreateInstanceRequest) => keywardClient().createInstance(ctx, req),
  });
}
