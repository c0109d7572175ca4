/** Create a bucket (Writer), provider- or customer-managed, with optional retention. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import type { CreateBucketRequest } from '../../../domain/storage';
import { keywardClient } from '../../../client/keyward-client';
import { bucketQueries } from './bucket-queries';

export function useCreateBucket(ctx: CallContext) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateBucketRequest) => keywardClient().createBucket(ctx, req),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bucketQueries.all(ctx) }),
  });
}
