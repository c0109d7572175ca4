/**
 * The audit trail's integrity at a glance: the engine verifies the hash chain when the page opens,
 * and "Verify again" asks once more. The chain is the account's (every instance's events in one
 * chain), so its count is larger than the table's, which the wording says. A broken chain names the first event whose link does not
 * hold.
 */
import { Button, InlineLoading, InlineNotification } from '@carbon/react';
import { Renew } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { engineQuery } from '../../../client/engine-query';
import { formatTime, plural } from '../../../components/format';

export function ChainStatus() {
  const ctx = useCallContext();
  // Why disabled: verifying reads and hashes the whole chain, so it runs when the page opens and
  // on request (`refetch`); no change notice makes it stale (domain/stale-reads.ts).
  const verification = useQuery({ ...engineQuery('verifyEvents', ctx), enabled: false });
  const { refetch } = verification;
  // On opening the page, and again when the acting user or instance changes (a new query).
  const { userId, instanceId } = ctx;
  useEffect(() => {
    void refetch();
  }, [refetch, userId, instanceId]);

  const again = (
    <Button
      kind="ghost"
      size="sm"
      renderIcon={Renew}
      disabled={verification.isFetching}
      onClick={() => void refetch()}
    >
      {verification.isFetching ? 'Verifying…' : 'Verify again'}
    </Button>
  );

  // Disabled queries stay pending until the first verification has an answer.
  if (verification.isPending)
    return (
      <div className="kw-events-status" data-testid="chain-status">
        <InlineLoading description="Verifying the hash chain…" />
      </div>
    );

  if (verification.isError) {
    const message = errorMessage(verification.error);
    return (
      <div className="kw-events-status" data-testid="chain-status">
        <InlineNotification
          kind="error"
          title={`Could not verify the hash chain: ${message.title}`}
          subtitle={message.detail}
          hideCloseButton
          lowContrast
        />
        {again}
      </div>
    );
  }

  const result = verification.data;
  const count = plural(result.verified, 'event');
  const checked = `Checked at ${formatTime(verification.dataUpdatedAt, true)}.`;
  return (
    <div className="kw-events-status" data-testid="chain-status">
      {result.ok || !result.brokenAt ? (
        <InlineNotification
          kind="success"
          title={`Hash chain verified: ${count} in the account's trail`}
          subtitle={`Every event of every instance and of the account links to the one before it and matches its hash; the table below lists only this instance's events you may see. ${checked}`}
          hideCloseButton
          lowContrast
        />
      ) : (
        <InlineNotification
          kind="error"
          title={`Chain broken at event #${result.brokenAt.seq} (${result.brokenAt.id}): ${result.brokenAt.problem}`}
          subtitle={`${count} before it verified. From event #${result.brokenAt.seq} on, the trail cannot be trusted. ${checked}`}
          hideCloseButton
          lowContrast
        />
      )}
      {again}
    </div>
  );
}
