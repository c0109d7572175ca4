/**
 * The account seal (issue 14): its status for this tab's engine, and the Administrator's
 * actions on it. The engine's notice after each action refreshes the status (no invalidation
 * by hand).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { SealRequest } from '../../../domain/seal';
import { useCallContext } from '../../../client/call-context';
import { engineQuery } from '../../../client/engine-query';
import { keywardClient } from '../../../client/keyward-client';

export function useSealStatus() {
  const ctx = useCallContext();
  return useQuery(engineQuery('getSealStatus', ctx));
}

export type SealAction = 'sealAccount' | 'unsealAccount' | 'removeSeal';

export function useSealAction(action: SealAction) {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: SealRequest) => keywardClient()[action](ctx, req),
  });
}
