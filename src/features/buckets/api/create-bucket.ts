/** Create a bucket (Writer), provider- or customer-managed, with optional retention. */
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import type { CreateBucketRequest } from '../../../domain/storage';
import { keywardClient } from '../../../client/keyward-client';

export function useCreateBucket(ctx: CallContext) {
  return useMutation({
    mutationFn: (req: CreateBucketRequest) => keywardClient().createBucket(ctx, req),
  });
}
