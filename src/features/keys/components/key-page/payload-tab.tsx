/**
 * A standard key's payload: hidden until asked for (each reveal is an audited read), readable by
 * ReaderPlus and above; copyable; forgotten when hidden or when the page is left.
 */
import { Button, CodeSnippet, Stack } from '@carbon/react';
import { View, ViewOff } from '@carbon/icons-react';
import { KeyState } from '../../../../domain/key-state';
import type { Key, Permissions } from '../../../../domain/types';
import { GatedButton } from '../../../../components/gated-button';
import { useReadKeyPayload } from '../../api/read-key-payload';
import { gate } from './format';
import { useActionFeedback } from './use-action-feedback';

interface PayloadTabProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

export function PayloadTab({ keyData: key, permissions }: PayloadTabProps) {
  const feedback = useActionFeedback();
  const read = useReadKeyPayload(key.id);
  const payload = read.data;

  return (
    <Stack gap={5} className="kw-tab-body">
      <div>
        <h2 className="kw-section-title">Payload</h2>
        <p className="kw-lead">
          The secret this standard key holds, base64-encoded. Reading it needs the ReaderPlus role
          or above, and every read is recorded in the key&apos;s history.
        </p>
      </div>
      {payload !== undefined ? (
        <>
          <CodeSnippet
            type="multi"
            wrapText
            feedback="Copied"
            copyButtonDescription="Copy the payload"
            aria-label="Payload (base64)"
          >
            {payload}
          </CodeSnippet>
          <div>
            <Button kind="tertiary" size="md" renderIcon={ViewOff} onClick={() => read.reset()}>
              Hide payload
            </Button>
          </div>
        </>
      ) : (
        <div>
          <GatedButton
            kind="primary"
            size="md"
            renderIcon={View}
            permission={gate(
              permissions?.readPayload,
              "Reading a standard key's payload",
              key.state === KeyState.Destroyed
                ? 'A Deleted key has no readable payload; restore it first.'
                : undefined,
            )}
            disabled={read.isPending}
            onClick={() => read.mutate(undefined, { onError: feedback.failed })}
          >
            {read.isPending ? 'Reading…' : 'Reveal payload'}
          </GatedButton>
        </div>
      )}
    </Stack>
  );
}
