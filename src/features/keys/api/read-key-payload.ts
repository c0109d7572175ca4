/**
 * Read a standard key's payload (ReaderPlus and above). A mutation, not a query: each read is an
 * audited act the user asks for, and the payload must not sit in the shared query cache.
 */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

export function useReadKeyPayload(keyId: string) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: async () => (await keywardClient().getKey(ctx, keyId)).payload,
  });
}
