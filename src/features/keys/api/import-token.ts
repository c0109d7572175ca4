/**
 * Import tokens for secure import: create one (the engine makes an RSA-4096 key pair, seconds of
 * work in its worker, so the page stays responsive) and read it (each read uses a retrieval).
 */
import { useMutation } from '@tanstack/react-query';
import type { CreateImportTokenRequest, ImportToken } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { keywardClient } from '../../../client/keyward-client';

/** Creates a token (replacing any earlier one) and reads it at once: one retrieval. */
export function useCreateImportToken() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: async (req: CreateImportTokenRequest): Promise<ImportToken> => {
      await keywardClient().createImportToken(ctx, req);
      return keywardClient().getImportToken(ctx);
    },
  });
}

/** Reads the instance's current token (one retrieval). */
export function useRetrieveImportToken() {
  const ctx = useCallContext();
  return useMutation({ mutationFn: () => keywardClient().getImportToken(ctx) });
}
