/**
 * The sealed banner (issue 14): above every page while this tab's engine is sealed. An account
 * Administrator unseals here with the passphrase; anyone else is told who can.
 */
import { Button, InlineNotification, PasswordInput } from '@carbon/react';
import { useState } from 'react';
import { useAdministrator } from '../../../client/administrator';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { useSealAction, useSealStatus } from '../api/seal';

export function SealedBanner() {
  const status = useSealStatus();
  const admin = useAdministrator();
  const unseal = useSealAction('unsealAccount');
  const [passphrase, setPassphrase] = useState('');
  const [tried, setTried] = useState(false);
  if (!status.data?.sealed) return null;
  const mayUnseal = admin.permission?.allowed === true;
  const empty = passphrase.length === 0;
  return (
    <div className="kw-sealed-banner" role="region" aria-label="Account sealed">
      <InlineNotification
        kind="warning"
        title="The account is sealed"
        subtitle={
          mayUnseal
            ? 'No key can be used until you unseal it with the passphrase.'
            : 'No key can be used until an account Administrator unseals it with the passphrase.'
        }
        lowContrast
        hideCloseButton
      />
      {mayUnseal && (
        <form
          className="kw-sealed-banner-form"
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (empty) return;
            unseal.mutate(
              { passphrase },
              {
                onSuccess: () => {
                  setPassphrase('');
                  setTried(false);
                },
              },
            );
          }}
        >
          <PasswordInput
            id="unseal-passphrase"
            labelText="Seal passphrase"
            autoComplete="current-password"
            value={passphrase}
            invalid={tried && empty}
            invalidText="Type the seal’s passphrase."
            onChange={(event) => setPassphrase(event.target.value)}
          />
          <Button type="submit" size="md" disabled={unseal.isPending}>
            {unseal.isPending ? 'Unsealing…' : 'Unseal'}
          </Button>
        </form>
      )}
      <FailureNotice failure={unseal.error ? errorMessage(unseal.error) : undefined} />
    </div>
  );
}
