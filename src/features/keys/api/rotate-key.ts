/**
 * Rotate a root key: a new version wraps from now on (at most once an hour). An imported key is
 * rotated with new material (`req`), by the same routes as import.
 */
import { useMutation } from '@tanstack/react-query';
import type { RotateKeyRequest } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useRotateKey() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (input: string | { idOrAlias: string; req: RotateKeyRequest }) =>
      typeof input === 'string'
        ? keywardClient().rotate(ctx, input)
        : keywardClient().rotate(ctx, input.idOrAlias, input.req),
  });
}
