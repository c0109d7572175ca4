/** Ceremony step 1 (and later additions): make an administrator's signature key and add them. */
import { Button, Stack, TextInput } from '@carbon/react';
import { useState } from 'react';
import type { CeremonyCommand } from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { signCommand, useCeremonyCommand } from '../api/ceremony-command';
import { signaturesNeeded } from './ceremony-steps';
import { ActionRow, Failure, type StepProps } from './ceremony-ui';
import { filled, SignersField, type FileWithPassword } from './file-field';
import { saveBlob } from '../../../components/save-blob';
import { PasswordField } from '../../../components/secret-fields';

/** Step 1: a custodian makes a signature key for an administrator, who downloads it; added to the units. */
export function AdministratorsStep({ ctx, state, disabled }: StepProps) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = state.imprintMode ? 0 : signaturesNeeded(state);
  const add = useCeremonyCommand(ctx, async () => {
    const made = await keywardClient().createSignatureKey(ctx, { name, password });
    saveBlob(
      made.file,
      `${name.replace(/[^A-Za-z0-9-]+/g, '-')}-signature-key.json`,
      'application/json',
    );
    const command: CeremonyCommand = { kind: 'admin.add', name, publicKey: made.publicKey };
    const signatures = needed > 0 ? await signCommand(ctx, state, command, signers) : [];
    await keywardClient().addCryptoUnitAdmin(ctx, { keyFile: made.file, signatures });
    setName('');
    setPassword('');
  });
  return (
    <Stack gap={5}>
      <TextInput
        id="hpcs-admin-name"
        labelText="Administrator's name"
        value={name}
        disabled={disabled}
        onChange={(event) => setName(event.target.value)}
      />
      <PasswordField
        id="hpcs-admin-password"
        label="Password for the administrator's signature key file (8 characters or more)"
        purpose="new"
        value={password}
        disabled={disabled}
        onChange={setPassword}
      />
      {needed > 0 && (
        <SignersField
          count={needed}
          value={signers}
          onChange={setSigners}
          disabled={disabled}
          testId="admin-signers"
        />
      )}
      <Failure error={add.error} />
      <ActionRow>
        <Button
          disabled={
            disabled ||
            name.length < 2 ||
            password.length < 8 ||
            add.isPending ||
            (needed > 0 && !filled(signers.slice(0, needed)))
          }
          onClick={() => add.mutate(undefined)}
        >
          {add.isPending ? 'Creating the key…' : 'Create signature key and add administrator'}
        </Button>
      </ActionRow>
    </Stack>
  );
}
