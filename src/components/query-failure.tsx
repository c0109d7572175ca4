/**
 * A failed read where its content would be: "Could not load <what>", the engine's words for the
 * failure and a Retry that asks again. The one query-failure block of the console.
 */
import { ActionableNotification } from '@carbon/react';
import { errorMessage } from '../client/error-message';

export function QueryFailure({
  what,
  query,
}: {
  /** What failed to load, as a noun phrase: "keys", "key rings". */
  what: string;
  query: { error: unknown; refetch: () => unknown };
}) {
  const message = errorMessage(query.error);
  return (
    // Carbon's InlineNotification may hold no interactive children: the action goes here.
    <ActionableNotification
      inline
      kind="error"
      title={`Could not load ${what}: ${message.title}`}
      subtitle={message.detail}
      actionButtonLabel="Retry"
      onActionButtonClick={() => void query.refetch()}
      hideCloseButton
      lowContrast
    />
  );
}
