/** Ceremony steps 5 and 6: commit, then activate, the new register, signed by the administrators. */
import { Button, Stack } from '@carbon/react';
import { useState } from 'react';
import type { CeremonyCommand } from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { signCommand, useCeremonyCommand } from '../api/ceremony-command';
import { signaturesNeeded } from './ceremony-steps';
import { ActionRow, Failure, Pattern, type StepProps } from './ceremony-ui';
import { filled, SignersField, type FileWithPassword } from './file-field';

export function SignedStep({
  ctx,
  state,
  disabled,
  kind,
  label,
}: StepProps & { kind: 'master-key.commit' | 'master-key.activate'; label: string }) {
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const vp = state.units[0]?.newRegister.verificationPattern ?? '';
  const run = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind, verificationPattern: vp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    if (kind === 'master-key.commit') await keywardClient().commitMasterKey(ctx, { signatures });
    else await keywardClient().activateMasterKey(ctx, { signatures });
  });
  return (
    <Stack gap={5}>
      <p>
        New register: <Pattern value={vp} />
        {state.loadedParts.length > 0 &&
          ` — parts of ${state.loadedParts.map((p) => p.custodianName).join(' and ')}.`}
      </p>
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId={`${kind}-signers`}
      />
      <Failure error={run.error} />
      <ActionRow>
        <Button
          disabled={disabled || run.isPending || !filled(signers.slice(0, needed))}
          onClick={() => run.mutate(undefined)}
        >
          {run.isPending ? 'Signing…' : label}
        </Button>
      </ActionRow>
    </Stack>
  );
}
