/** Delete an object (Writer), unless the bucket's retention period still holds it. */
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import { keywardClient } from '../../../client/keyward-client';

export function useDeleteObject(ctx: CallContext, bucket: string) {
  return useMutation({
    mutationFn: (name: string) => keywardClient().deleteObject(ctx, bucket, name),
  });
}
