/**
 * A failed engine call, shown inline in the form or modal that made it: the error's title and
 * what to do, as `errorMessage` words them. Nothing when there is no failure.
 */
import { InlineNotification } from '@carbon/react';
import type { ErrorMessage } from '../client/error-message';

export function FailureNotice({ failure }: { failure: ErrorMessage | null | undefined }) {
  if (!failure) return null;
  return (
    <InlineNotification
      kind="error"
      title={failure.title}
      subtitle={failure.detail}
      hideCloseButton
      lowContrast
    />
  );
}
