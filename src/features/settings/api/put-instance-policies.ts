/** Save instance policies (Manager); the engine's notice refreshes the settings. */
import { useMutation } from '@tanstack/react-query';
import type { InstancePoliciesUpdate } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function usePutInstancePolicies() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (update: InstancePoliciesUpdate) =>
      keywardClient().putInstancePolicies(ctx, update),
  });
}
