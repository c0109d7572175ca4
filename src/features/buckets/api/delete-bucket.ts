/** Delete an empty bucket (Manager). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';
import { bucketQueries } from './bucket-queries';

export function useDeleteBucket(ctx: CallContext) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => keywardClient().deleteBucket(ctx, name),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bucketQueries.all(ctx) }),
  });
}
