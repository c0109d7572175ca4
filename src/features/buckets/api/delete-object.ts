/** Delete an object (Writer), unless the bucket's retention period still holds it. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';
import { bucketQueries } from './bucket-queries';

export function useDeleteObject(ctx: CallContext, bucket: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => keywardClient().deleteObject(ctx, bucket, name),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bucketQueries.all(ctx) }),
  });
}
