/** Delete an empty bucket (Manager). */
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteBucket(ctx: CallContext) {
  return useMutation({
    mutationFn: (name: string) => keywardClient().deleteBucket(ctx, name),
  });
}
