/**
 * What the console shows instead of a page when the key engine is not there: a reload when
 * another tab upgraded the database (reload-notice.tsx), otherwise why the engine did not start
 * or stopped, with a Retry that starts a new worker and asks every read again (and, when the
 * console is connected to a Keyward server, a way back to the in-browser engine). Nothing when
 * the engine runs and the session loaded.
 */
import { ActionableNotification, Button } from '@carbon/react';
import { useQueryClient } from '@tanstack/react-query';
import type { EngineStatus } from '../client/engine-connection';
import { errorMessage } from '../client/error-message';
import { disconnectServer, restartEngine } from '../client/keyward-client';
import { useServerChoice } from '../client/engine-choice';
import { ReloadNotice, reloadNeeded } from './reload-notice';

export function EngineFailure({
  engine,
  sessionError,
  started,
}: {
  engine: EngineStatus;
  /** The session read's failure, if it failed. */
  sessionError: Error | null;
  /** Whether the session had loaded before (the engine stopped rather than never started). */
  started: boolean;
}) {
  const queryClient = useQueryClient();
  const server = useServerChoice();
  if (engine.state === 'failed' && reloadNeeded(engine.error))
    return <ReloadNotice error={engine.error} />;
  const error = engine.state === 'failed' ? engine.error : sessionError;
  if (!error) return null;
  return (
    <ActionableNotification
      inline
      kind="error"
      title={started ? 'The key engine stopped' : 'The key engine did not start'}
      subtitle={`${errorMessage(error).detail} ${server ? `The console is connected to the Keyward server at ${server.url}: retry, or use the in-browser engine again.` : 'Keyward needs IndexedDB and Web Workers; a private window or blocked site storage can prevent them.'}`}
      actionButtonLabel="Retry"
      onActionButtonClick={() => {
        // A new worker, and every read asked again of it.
        restartEngine();
        void queryClient.resetQueries();
      }}
      hideCloseButton
      lowContrast
    >
      {server && (
        <Button
          kind="ghost"
          size="sm"
          onClick={() => {
            disconnectServer();
            void queryClient.resetQueries();
          }}
        >
          Use the in-browser engine
        </Button>
      )}
    </ActionableNotification>
  );
}
