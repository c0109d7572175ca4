/**
 * The dual-authorization section of the key's policies (SPEC.md section 4): switching it on asks
 * for confirmation, because it can never be switched off again.
 */
import { Modal, Stack, Toggle } from '@carbon/react';
import { useState } from 'react';
import type { Key } from '../../../../domain/types';
import { failureMessage } from '../../../../components/failure-message';
import { usePutKeyPolicies } from '../../api/put-key-policies';
import { useActionFeedback } from './use-action-feedback';
import { FailureNotice } from '../../../../components/failure-notice';

export function DualAuthSection({
  keyData: key,
  readOnly,
}: {
  keyData: Key;
  readOnly: string | undefined;
}) {
  const [confirming, setConfirming] = useState(false);
  const put = usePutKeyPolicies(key.id);
  const feedback = useActionFeedback();
  const on = key.dualAuthDelete.enabled;
  const failure = put.error ? failureMessage(put.error) : undefined;

  return (
    <section aria-labelledby="policy-dual" className="kw-policy-section">
      <h2 id="policy-dual" className="kw-section-title">
        Dual authorization
      </h2>
      <Stack gap={5}>
        <p className="kw-secondary">
          With dual authorization, deleting the key takes two different users with delete rights:
          one schedules the deletion (valid 7 days), another deletes.
        </p>
        <Toggle
          id="dual-auth-enabled"
          labelText="Dual authorization for deletion"
          labelA="Off"
          labelB="On"
          toggled={on}
          disabled={readOnly !== undefined || on || put.isPending}
          onToggle={(next) => {
            if (next) setConfirming(true);
          }}
        />
        {on && (
          <p data-testid="dual-auth-note">
            On for good: once on, dual authorization cannot be switched off.
          </p>
        )}
      </Stack>
      <Modal
        open={confirming}
        danger
        modalHeading="Switch on dual authorization?"
        primaryButtonText={put.isPending ? 'Switching on…' : 'Switch on for good'}
        primaryButtonDisabled={put.isPending}
        secondaryButtonText="Cancel"
        onRequestClose={() => {
          put.reset();
          setConfirming(false);
        }}
        onRequestSubmit={() =>
          put.mutate(
            { dualAuthDelete: { enabled: true } },
            {
              onSuccess: () => {
                setConfirming(false);
                feedback.succeeded(
                  'Dual authorization is on',
                  `Deleting “${key.name}” now takes two users.`,
                );
              },
            },
          )
        }
        size="sm"
      >
        <Stack gap={5}>
          <p>
            This <strong>cannot be switched off</strong> later, by anyone. From now on, deleting “
            {key.name}” needs one user to schedule the deletion and a different user to delete it.
          </p>
          <FailureNotice failure={failure} />
        </Stack>
      </Modal>
    </section>
  );
}
