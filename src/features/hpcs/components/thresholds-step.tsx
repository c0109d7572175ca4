/** Ceremony step 2: set the signature and revocation thresholds, which ends imprint mode. */
import { Button, Stack } from '@carbon/react';
import { useState } from 'react';
import type { CeremonyCommand } from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { signCommand, useCeremonyCommand } from '../api/ceremony-command';
import { signaturesNeeded } from './ceremony-steps';
import { ActionRow, Failure, type StepProps } from './ceremony-ui';
import { filled, SignersField, type FileWithPassword } from './file-field';
import { ThresholdField } from './threshold-field';

export function ThresholdsStep({ ctx, state, disabled }: StepProps) {
  const admins = state.admins.length;
  const [signature, setSignature] = useState(Math.min(2, admins) || 1);
  const [revocation, setRevocation] = useState(1);
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const set = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'threshold.set', signature, revocation };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().setCryptoUnitThresholds(ctx, { signature, revocation, signatures });
  });
  return (
    <Stack gap={5}>
      <ThresholdField
        id="hpcs-signature-threshold"
        label="Signature threshold"
        counts="Signatures each ceremony command needs"
        admins={admins}
        value={signature}
        disabled={disabled}
        onChange={setSignature}
      />
      <ThresholdField
        id="hpcs-revocation-threshold"
        label="Revocation threshold"
        counts="Signatures removing an administrator needs"
        admins={admins}
        value={revocation}
        disabled={disabled}
        onChange={setRevocation}
      />
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId="threshold-signers"
      />
      <Failure error={set.error} />
      <ActionRow>
        <Button
          disabled={disabled || set.isPending || !filled(signers.slice(0, needed))}
          onClick={() => set.mutate(undefined)}
        >
          {set.isPending ? 'Signing…' : 'Set thresholds and leave imprint mode'}
        </Button>
      </ActionRow>
    </Stack>
  );
}
