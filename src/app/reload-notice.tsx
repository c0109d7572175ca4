/**
 * What the console shows when another tab upgraded the database: this page runs the older code,
 * so only a reload continues (restarting the engine would not). Nothing saved is lost.
 */
import { ActionableNotification } from '@carbon/react';
import { EngineUnavailableError } from '../client/engine-connection';

export function reloadNeeded(error: Error): boolean {
  return error instanceof EngineUnavailableError && error.reloadNeeded;
}

export function ReloadNotice({ error }: { error: Error }) {
  return (
    <ActionableNotification
      inline
      kind="warning"
      title="Keyward was updated in another tab"
      subtitle={error.message}
      actionButtonLabel="Reload"
      onActionButtonClick={() => window.location.reload()}
      hideCloseButton
      lowContrast
    />
  );
}
