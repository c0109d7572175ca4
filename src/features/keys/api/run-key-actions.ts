/**
 * One lifecycle action on several keys (the table's batch actions): each key is its own engine
 * call, so some may be refused while others go ahead; the result says which.
 */
import { useMutation } from '@tanstack/react-query';
import { useCallContext } from '../../../client/call-context';
import { failureMessage } from '../../../components/failure-message';
import { keywardClient } from '../../../client/keyward-client';
import type { Key } from '../../../domain/types';

export type KeyLifecycleAction = 'enable' | 'disable' | 'delete';

export interface KeyActionsResult {
  done: Key[];
  refused: { key: Key; reason: string }[];
}

export function useRunKeyActions() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: async ({
      action,
      keys,
      force = false,
    }: {
      action: KeyLifecycleAction;
      keys: Key[];
      force?: boolean;
    }): Promise<KeyActionsResult> => {
      const client = keywardClient();
      const result: KeyActionsResult = { done: [], refused: [] };
      for (const key of keys) {
        try {
          if (action === 'enable') await client.enableKey(ctx, key.id);
          else if (action === 'disable') await client.disableKey(ctx, key.id);
          else await client.deleteKey(ctx, key.id, force ? { force } : {});
          result.done.push(key);
        } catch (error) {
          result.refused.push({ key, reason: failureMessage(error).detail });
        }
      }
      return result;
    },
  });
}
