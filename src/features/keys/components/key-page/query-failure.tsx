/** A failed read inside a tab: the engine's words and a retry. */
import { ActionableNotification } from '@carbon/react';
import { errorMessage } from '../../../../client/error-message';

export function QueryFailure({
  what,
  query,
}: {
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
