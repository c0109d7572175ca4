/**
 * Settings: the account seal (issue 14, after Vault's seal). Off by default. An account
 * Administrator puts it on with a passphrase, unseals this tab, seals every tab again, or takes
 * the seal off; anyone else sees the state and the controls disabled with the reason. The engine
 * checks the role and the passphrase (a wrong one changes nothing).
 */
import { FormGroup, InlineNotification, PasswordInput, Stack, Tag } from '@carbon/react';
import { useState } from 'react';
import { useAdministrator } from '../../../client/administrator';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { SEAL_PASSPHRASE, sealPassphraseProblem, type SealStatus } from '../../../domain/seal';
import type { Permission } from '../../../domain/types';
import { useSealAction, useSealStatus, type SealAction } from '../api/seal';

const DONE: Record<SealAction, string> = {
  sealAccount: 'The account is sealed',
  unsealAccount: 'Unsealed in this tab',
  removeSeal: 'The seal is off',
};

export function SealSection() {
  const status = useSealStatus();
  const admin = useAdministrator();
  const permission: Permission | undefined = admin.permission && {
    allowed: admin.permission.allowed,
    ...(admin.permission.allowed
      ? {}
      : { reason: 'The account seal is managed by an account Administrator.' }),
  };
  return (
    <section className="kw-settings-form kw-seal" aria-labelledby="seal-heading">
      <h2 id="seal-heading" className="kw-settings-heading">
        Account seal
      </h2>
      <p className="kw-settings-help">
        Protects the master keys of this account’s Key Protect instances with a passphrase, as Vault
        seals: while sealed, no key can be used, and the browser’s storage alone opens none. Each
        tab (and each start of Keyward) stays sealed until an Administrator unseals it.
      </p>
      {status.isError ? (
        <FailureNotice failure={errorMessage(status.error)} />
      ) : status.data ? (
        <SealForm status={status.data} permission={permission} permissionError={admin.error} />
      ) : null}
    </section>
  );
}

function SealForm({
  status,
  permission,
  permissionError,
}: {
  status: SealStatus;
  permission: Permission | undefined;
  permissionError: unknown;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const seal = useSealAction('sealAccount');
  const unseal = useSealAction('unsealAccount');
  const remove = useSealAction('removeSeal');
  const notify = useNotify();
  const pending = seal.isPending || unseal.isPending || remove.isPending;
  const failure = [seal, unseal, remove].find((m) => m.error)?.error;
  const tooWeak = !status.enabled ? sealPassphraseProblem(passphrase) : undefined;
  const mismatch = !status.enabled && confirm !== passphrase ? 'The two passphrases differ.' : '';
  const empty = passphrase.length === 0 ? 'Type the seal’s passphrase.' : '';
  const problem = status.enabled ? empty : (tooWeak ?? mismatch);

  const run = (action: SealAction) => {
    setTried(true);
    if (problem) return;
    const mutation = action === 'sealAccount' ? seal : action === 'unsealAccount' ? unseal : remove;
    for (const m of [seal, unseal, remove]) m.reset();
    mutation.mutate(
      { passphrase },
      {
        onSuccess: () => {
          setPassphrase('');
          setConfirm('');
          setTried(false);
          notify({ kind: 'success', title: DONE[action] });
        },
      },
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        run(status.enabled ? (status.sealed ? 'unsealAccount' : 'sealAccount') : 'sealAccount');
      }}
    >
      <Stack gap={6}>
        <div className="kw-seal-state">
          {!status.enabled ? (
            <Tag type="gray">Off</Tag>
          ) : status.sealed ? (
            <Tag type="red">Sealed</Tag>
          ) : (
            <Tag type="green">Unsealed in this tab</Tag>
          )}
          {status.sealedAt && (
            <span className="kw-settings-help">
              Seal put on {new Date(status.sealedAt).toLocaleString()}
              {status.sealedBy ? ` by ${status.sealedBy}` : ''}.
            </span>
          )}
        </div>
        {permission && !permission.allowed && (
          <InlineNotification
            kind="info"
            title="Administrator only"
            subtitle={permission.reason}
            lowContrast
            hideCloseButton
          />
        )}
        <FormGroup legendText={status.enabled ? 'Passphrase' : 'New passphrase'}>
          <Stack gap={5}>
            <PasswordInput
              id="seal-passphrase"
              labelText="Passphrase"
              autoComplete={status.enabled ? 'current-password' : 'new-password'}
              // A disabled field's helper text is too faint to read (Carbon): none then.
              helperText={
                !permission?.allowed
                  ? undefined
                  : status.enabled
                    ? 'The passphrase the seal was put on with.'
                    : `At least ${SEAL_PASSPHRASE.min} characters. Keep it safe: without it the keys cannot be used again.`
              }
              value={passphrase}
              disabled={!permission?.allowed}
              invalid={tried && problem !== '' && problem !== undefined && problem !== mismatch}
              invalidText={problem}
              onChange={(event) => setPassphrase(event.target.value)}
            />
            {!status.enabled && (
              <PasswordInput
                id="seal-passphrase-confirm"
                labelText="Passphrase again"
                autoComplete="new-password"
                value={confirm}
                disabled={!permission?.allowed}
                invalid={tried && mismatch !== ''}
                invalidText={mismatch}
                onChange={(event) => setConfirm(event.target.value)}
              />
            )}
          </Stack>
        </FormGroup>
        <FailureNotice failure={failure ? errorMessage(failure) : undefined} />
        <div className="kw-settings-actions">
          {status.enabled && (
            <GatedButton
              kind="danger--tertiary"
              permission={permission}
              error={permissionError}
              disabled={pending}
              onClick={() => run('removeSeal')}
            >
              Remove the seal
            </GatedButton>
          )}
          {status.enabled && !status.sealed && (
            <GatedButton
              kind="secondary"
              permission={permission}
              error={permissionError}
              disabled={pending}
              onClick={() => run('sealAccount')}
            >
              Seal every tab now
            </GatedButton>
          )}
          {(!status.enabled || status.sealed) && (
            <GatedButton
              type="submit"
              permission={permission}
              error={permissionError}
              disabled={pending}
            >
              {pending ? 'Working…' : status.enabled ? 'Unseal' : 'Seal with this passphrase'}
            </GatedButton>
          )}
        </div>
      </Stack>
    </form>
  );
}
