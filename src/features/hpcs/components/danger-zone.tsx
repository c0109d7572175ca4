/**
 * Zeroize, recover and rotate the master key: signed danger actions (zeroize and rotate confirmed
 * by typing the instance's name), with the rotation's progress (N of M key versions).
 */
import { Button, Checkbox, ProgressBar, Stack } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CeremonyCommand } from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { errorMessage } from '../../../client/error-message';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import { signCommand, useCeremonyCommand } from '../api/ceremony-command';
import { hpcsQueries } from '../api/hpcs-queries';
import { signaturesNeeded } from './ceremony-steps';
import { ActionRow, Failure, type StepProps } from './ceremony-ui';
import { filled, SignersField, type FileWithPassword } from './file-field';
import { plural } from '../../../components/format';

/** Zeroize, rotate and recover: signed, and (zeroize, rotate) confirmed by typing the name. */
export function DangerZone({ ctx, state, disabled }: StepProps) {
  const [open, setOpen] = useState<'zeroize' | 'rotate' | undefined>();
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const [includeRecovery, setIncludeRecovery] = useState(false);
  const needed = signaturesNeeded(state);
  const newVp = state.units[0]?.newRegister.verificationPattern ?? '';
  const zeroize = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'zeroize', includeRecovery };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().zeroizeCryptoUnits(ctx, {
      confirm: state.instanceName,
      includeRecovery,
      signatures,
    });
    setOpen(undefined);
  });
  const rotate = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'master-key.rotate', verificationPattern: newVp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().rotateMasterKey(ctx, { signatures });
    setOpen(undefined);
  });
  const recover = useCeremonyCommand(ctx, async () => {
    const vp = state.masterKey.keysVerificationPattern ?? '';
    const command: CeremonyCommand = { kind: 'master-key.recover', verificationPattern: vp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().recoverMasterKey(ctx, { signatures });
  });
  // While the rotation runs, its progress is read a few times a second (same query, shared cache).
  useQuery({ ...hpcsQueries.state(ctx), refetchInterval: rotate.isPending ? 300 : false });
  const canRotate = state.rotationPending && state.units[0]?.newRegister.state === 'committed';
  const mutation = open === 'rotate' ? rotate : zeroize;
  return (
    <section aria-labelledby="hpcs-danger" className="kw-hpcs-section">
      <h2 id="hpcs-danger" className="kw-section-title">
        Zeroize, recover, rotate
      </h2>
      <p className="kw-secondary">
        Zeroizing clears the master key registers: every key of this instance becomes unusable and
        every bucket they protect unreadable until the same master key is loaded again. Rotating
        re-enciphers every key under a new master key loaded and committed above.
      </p>
      {state.rotationProgress && (
        <ProgressBar
          label="Re-enciphering keys under the new master key"
          value={state.rotationProgress.done}
          max={Math.max(1, state.rotationProgress.total)}
          helperText={`${state.rotationProgress.done} of ${state.rotationProgress.total} key versions re-enciphered`}
        />
      )}
      {state.masterKey.recoverable && (
        <Stack gap={5}>
          <SignersField
            count={needed}
            value={signers}
            onChange={setSigners}
            disabled={disabled}
            testId="recover-signers"
          />
          <Failure error={recover.error} />
          <Button
            kind="secondary"
            disabled={disabled || recover.isPending || !filled(signers.slice(0, needed))}
            onClick={() => recover.mutate(undefined)}
          >
            Recover the master key from the recovery unit
          </Button>
        </Stack>
      )}
      <ActionRow>
        <Button
          kind="danger"
          disabled={disabled || state.imprintMode}
          onClick={() => setOpen('zeroize')}
        >
          Zeroize crypto units
        </Button>
        <Button
          kind="danger--tertiary"
          disabled={disabled || !canRotate}
          onClick={() => setOpen('rotate')}
        >
          Rotate master key
        </Button>
      </ActionRow>
      {!canRotate && state.masterKey.status === 'active' && (
        <p className="kw-secondary">
          To rotate: each custodian makes a new part, then load and commit them above; then rotate.
        </p>
      )}
      <TypedConfirmModal
        open={open !== undefined}
        heading={
          open === 'rotate'
            ? `Rotate the master key of ${state.instanceName}`
            : `Zeroize ${state.instanceName}`
        }
        name={state.instanceName}
        nameLabel="instance name"
        primaryButtonText={open === 'rotate' ? 'Rotate master key' : 'Zeroize'}
        pendingText={open === 'rotate' ? 'Re-enciphering…' : 'Zeroizing…'}
        pending={mutation.isPending}
        blocked={!filled(signers.slice(0, needed))}
        failure={mutation.error ? errorMessage(mutation.error) : undefined}
        onConfirm={() => mutation.mutate(undefined)}
        onClose={() => {
          setOpen(undefined);
          zeroize.reset();
          rotate.reset();
        }}
      >
        <Stack gap={5}>
          <p>
            {open === 'rotate'
              ? `Every key of this instance (${plural(state.keyCount, 'key')}) is re-enciphered under the new master key ${newVp} in one step; if anything fails, nothing changes.`
              : `Every key of this instance (${plural(state.keyCount, 'key')}) becomes unusable, and ${plural(state.bucketCount, 'bucket')} unreadable, until the custodians load the same master key again.`}
          </p>
          {open === 'zeroize' && (
            <Checkbox
              id="hpcs-include-recovery"
              labelText="Zeroize the recovery unit too (then only the custodians' part files can restore the master key)"
              checked={includeRecovery}
              onChange={(_e, { checked }) => setIncludeRecovery(checked)}
            />
          )}
          <SignersField
            count={needed}
            value={signers}
            onChange={setSigners}
            testId={`${open ?? 'danger'}-signers`}
          />
        </Stack>
      </TypedConfirmModal>
    </section>
  );
}
