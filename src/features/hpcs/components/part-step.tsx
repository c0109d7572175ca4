/** Ceremony step 3: the acting custodian makes their master key part and downloads its file. */
import { Button, InlineNotification, Stack, TextInput } from '@carbon/react';
import { useState } from 'react';
import { keywardClient } from '../../../client/keyward-client';
import { useActingUserId } from '../../../client/session';
import { useCeremonyCommand } from '../api/ceremony-command';
import { ActionRow, Failure, type StepProps } from './ceremony-ui';
import { saveBlob } from '../../../components/save-blob';
import { PasswordField } from '../../../components/secret-fields';

export function PartStep({ ctx, state, disabled }: StepProps) {
  const userId = useActingUserId();
  const me = state.custodians.find((c) => c.id === userId);
  const [password, setPassword] = useState('');
  const [hex, setHex] = useState('');
  const [made, setMade] = useState<string | undefined>();
  const make = useCeremonyCommand(ctx, async () => {
    const part = await keywardClient().createMasterKeyPart(ctx, {
      password,
      ...(hex ? { hex } : {}),
    });
    saveBlob(
      part.file,
      `${(me?.name ?? 'custodian').replace(/[^A-Za-z0-9-]+/g, '-')}-master-key-part.json`,
      'application/json',
    );
    setMade(part.verificationPattern);
    setPassword('');
    setHex('');
  });
  return (
    <Stack gap={5}>
      <p>
        {me
          ? `You act as ${me.name}, a custodian. Your part is made in the engine and handed to you only as a password-protected file; the engine keeps nothing of it.`
          : 'You are not a custodian of this instance.'}
      </p>
      <PasswordField
        id="hpcs-part-password"
        label="Password for your part file (8 characters or more)"
        purpose="new"
        value={password}
        disabled={disabled}
        onChange={setPassword}
      />
      <TextInput
        id="hpcs-part-hex"
        labelText="Type your own part instead (optional: 64 hexadecimal digits)"
        value={hex}
        disabled={disabled}
        autoComplete="off"
        onChange={(event) => setHex(event.target.value.trim())}
      />
      <Failure error={make.error} />
      {made && (
        <InlineNotification
          kind="success"
          title="Part file downloaded"
          subtitle={`Its verification pattern: ${made}. Keep the file and its password; the next custodian makes theirs while signed in as themselves.`}
          hideCloseButton
          lowContrast
        />
      )}
      <ActionRow>
        <Button
          disabled={disabled || password.length < 8 || make.isPending}
          onClick={() => make.mutate(undefined)}
        >
          {make.isPending ? 'Making the part…' : 'Make and download my part'}
        </Button>
      </ActionRow>
    </Stack>
  );
}
