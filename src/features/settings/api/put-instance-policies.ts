/** Save instance policies (Manager): the mutation, refreshing the settings when it lands. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InstancePoliciesUpdate } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';
import { settingsQueries } from './settings-queries';

export function usePutInstancePolicies() {
  const ctx = useCallContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: InstancePoliciesUpdate) =>
      keywardClient().putInstancePolicies(ctx, update),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsQueries.all(ctx) }),
  });
}
