/** Ceremony step 4: upload the custodians' part files (with passwords) into the new register. */
import { Button, InlineNotification, Stack } from '@carbon/react';
import { useState } from 'react';
import type { CeremonyCommand } from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { partPatternOf, signCommand, useCeremonyCommand } from '../api/ceremony-command';
import { signaturesNeeded } from './ceremony-steps';
import { ActionRow, Failure, type StepProps } from './ceremony-ui';
import { emptyFile, FileField, filled, SignersField, type FileWithPassword } from './file-field';

export function LoadStep({ ctx, state, disabled }: StepProps) {
  const [parts, setParts] = useState<FileWithPassword[]>([emptyFile, emptyFile]);
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const load = useCeremonyCommand(ctx, async () => {
    const patterns = parts.map((p) => partPatternOf(p.file) ?? '');
    const command: CeremonyCommand = { kind: 'master-key.load', parts: patterns };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().loadMasterKey(ctx, {
      parts: parts.map((p) => ({ file: p.file, password: p.password })),
      signatures,
    });
  });
  return (
    <Stack gap={5}>
      {parts.map((part, i) => (
        <FileField
          key={i}
          label={`Choose part file ${i + 1}`}
          testId={`part-${i}`}
          value={part}
          disabled={disabled}
          onChange={(next) => setParts(parts.map((p, j) => (j === i ? next : p)))}
        />
      ))}
      {parts.map((p, i) =>
        p.file && !partPatternOf(p.file) ? (
          <InlineNotification
            key={i}
            kind="warning"
            title={`Part file ${i + 1}`}
            subtitle="This is not a master key part file."
            hideCloseButton
            lowContrast
          />
        ) : null,
      )}
      <Button
        kind="ghost"
        size="sm"
        disabled={disabled}
        onClick={() => setParts(parts.length === 2 ? [...parts, emptyFile] : parts.slice(0, 2))}
      >
        {parts.length === 2 ? 'Add a third part' : 'Use two parts'}
      </Button>
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId="load-signers"
      />
      <Failure error={load.error} />
      <ActionRow>
        <Button
          disabled={
            disabled || load.isPending || !filled(parts) || !filled(signers.slice(0, needed))
          }
          onClick={() => load.mutate(undefined)}
        >
          {load.isPending ? 'Loading…' : 'Load parts into the new register'}
        </Button>
      </ActionRow>
    </Stack>
  );
}
