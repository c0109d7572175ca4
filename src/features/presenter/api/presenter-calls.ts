/**
 * The presenter kit's engine calls (issue 12): reads through the one query factory, changes as
 * plain mutations — the engine's `account` and `presenter` notices refresh what shows them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import type { ScenarioId } from '../../../domain/presenter';
import type { Permission } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { engineQuery } from '../../../client/engine-query';
import { keywardClient } from '../../../client/keyward-client';
import { SERVER_PRESENTER_REASON, useServerChoice } from '../../../client/engine-choice';
import { setLastResult } from './last-result';
import { saveBlob } from '../../../components/save-blob';

/**
 * Whether the acting user may replace or export the account (an account Administrator), with
 * the reason to show on disabled controls. Never on a Keyward server (the kit is the browser's).
 */
export function usePresenterPermission(what: string): Permission | undefined {
  const ctx = useCallContext();
  const onServer = useServerChoice() !== undefined;
  const check = useQuery(
    engineQuery('checkAccess', ctx, { userId: ctx.userId, instanceId: ctx.instanceId }),
  ).data;
  if (onServer) return { allowed: false, reason: SERVER_PRESENTER_REASON };
  if (!check) return undefined;
  return check.administrator
    ? { allowed: true }
    : {
        allowed: false,
        reason: `${check.user.name} may not ${what}: this needs the Administrator role on the account.`,
      };
}

export function useCheckpoints(enabled: boolean) {
  const ctx = useCallContext();
  return useQuery({ ...engineQuery('listCheckpoints', ctx), enabled });
}

export function useWalkthrough(ctx: CallContext) {
  return useQuery(engineQuery('getWalkthrough', ctx));
}

export function useLoadScenario() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (id: ScenarioId) => keywardClient().loadScenario(ctx, id),
    // Here, not at the call: the account's replacement may remount the page that asked.
    onSuccess: (result) => setLastResult('scenario-load', result),
  });
}

export function useSaveCheckpoint() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (name: string) => keywardClient().saveCheckpoint(ctx, { name }),
  });
}

export function useRestoreCheckpoint() {
  const ctx = useCallContext();
  return useMutation({ mutationFn: (id: string) => keywardClient().restoreCheckpoint(ctx, id) });
}

export function useDeleteCheckpoint() {
  const ctx = useCallContext();
  return useMutation({ mutationFn: (id: string) => keywardClient().deleteCheckpoint(ctx, id) });
}

export function useResetAccount() {
  const ctx = useCallContext();
  return useMutation({ mutationFn: () => keywardClient().resetAccount(ctx) });
}

/** Where the share done of a running export or restore is kept (see `useLastResult`). */
export const EXPORT_PROGRESS = 'backup-export-progress';
export const RESTORE_PROGRESS = 'backup-restore-progress';

/**
 * Runs `call` with a listener the engine calls with the share done, kept under `name` until the
 * call ends. Reports that arrive after the answer (the worker's last report can overtake it) are
 * dropped, so a finished call never leaves its bar behind.
 */
async function withProgress<T>(
  name: string,
  call: (onProgress: (share: number) => void) => Promise<T>,
): Promise<T> {
  let running = true;
  setLastResult(name, 0);
  try {
    return await call((share) => {
      if (running) setLastResult(name, share);
    });
  } finally {
    running = false;
    setLastResult(name, undefined);
  }
}

export function useExportBackup() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (passphrase: string) =>
      withProgress(EXPORT_PROGRESS, (onProgress) =>
        keywardClient().exportBackup(ctx, { passphrase }, onProgress),
      ),
  });
}

export function useRestoreBackup() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: (req: { file: ArrayBuffer; passphrase: string }) =>
      withProgress(RESTORE_PROGRESS, (onProgress) =>
        keywardClient().restoreBackup(ctx, req, onProgress),
      ),
    onMutate: () => setLastResult('backup-restore', undefined),
    onSuccess: (summary) => setLastResult('backup-restore', summary),
  });
}

export function useStartWalkthrough(ctx: CallContext) {
  return useMutation({
    mutationFn: (id: ScenarioId) => keywardClient().startWalkthrough(ctx, id),
  });
}

export function useEndWalkthrough(ctx: CallContext) {
  return useMutation({ mutationFn: () => keywardClient().endWalkthrough(ctx) });
}

/** Offers bytes as a file download. */
export function downloadBytes(name: string, bytes: ArrayBuffer | string, type: string): void {
  saveBlob(bytes, name, type);
}
