/**
 * A failed engine call, shown inline in the form or modal that made it: the error's title and
 * what to do, as `errorMessage` words them (dates in the console's format). Nothing when there is no failure. Each new failure
 * scrolls itself into view, so an answer at the foot of a long modal is not missed below the fold
 * (the primary button would otherwise seem to do nothing).
 */
import { InlineNotification } from '@carbon/react';
import { useEffect, useRef } from 'react';
import type { ErrorMessage } from '../client/error-message';
import { formatDatesIn } from './format';

export function FailureNotice({ failure }: { failure: ErrorMessage | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = failure ? `${failure.title}\n${failure.detail}` : '';
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [shown]);
  if (!failure) return null;
  return (
    <div ref={ref}>
      <InlineNotification
        kind="error"
        title={failure.title}
        subtitle={formatDatesIn(failure.detail)}
        hideCloseButton
        lowContrast
      />
    </div>
  );
}
