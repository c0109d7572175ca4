/**
 * Unwrap or rewrap a ciphertext this key wrapped (under any of its versions), with its AAD. An
 * unwrap of an older version's ciphertext also comes back rewrapped under the current version.
 */
import { Stack, TextArea } from '@carbon/react';
import { useState } from 'react';
import type { RewrapResult, UnwrapResult } from '../../../../domain/api';
import type { Key, KeyVersion } from '../../../../domain/types';
import { GatedButton } from '../../../../components/gated-button';
import { useRewrapKey } from '../../api/rewrap-key';
import { useUnwrapKey } from '../../api/unwrap-key';
import { AadEditor, aadProblem, aadValues, type AadItem } from './aad-editor';
import { versionLabel, type EnvelopeGates } from './envelope-form';
import { Result, Snippet } from './envelope-results';
import { useActionFeedback } from './use-action-feedback';

export interface UnwrapInput {
  ciphertext: string;
  aad: AadItem[];
}

interface UnwrapPanelProps {
  keyData: Key;
  versions: KeyVersion[] | undefined;
  gates: EnvelopeGates;
  input: UnwrapInput;
  onInput: (input: UnwrapInput) => void;
}

type Opened =
  | { kind: 'unwrap'; result: UnwrapResult; of: UnwrapInput }
  | { kind: 'rewrap'; result: RewrapResult; of: UnwrapInput };

export function UnwrapPanel({ keyData: key, versions, gates, input, onInput }: UnwrapPanelProps) {
  const feedback = useActionFeedback();
  const unwrap = useUnwrapKey(key.id);
  const rewrap = useRewrapKey(key.id);
  const [openedState, setOpened] = useState<Opened | undefined>();
  // A result belongs to the input it was made from: new input (typed, or from Wrap) hides it.
  const opened = openedState?.of === input ? openedState : undefined;
  const blocked = input.ciphertext.trim() === '' || aadProblem(input.aad) !== undefined;

  function doOpen(kind: 'unwrap' | 'rewrap') {
    const of = input;
    const aad = aadValues(of.aad);
    const req = { ciphertext: of.ciphertext.trim(), ...(aad.length > 0 ? { aad } : {}) };
    const onError = (error: unknown) => {
      setOpened(undefined);
      feedback.failed(error);
    };
    if (kind === 'unwrap')
      unwrap.mutate(req, {
        onSuccess: (result) => {
          setOpened({ kind, result, of });
          feedback.succeeded(
            'Unwrapped',
            result.ciphertext
              ? 'Made under an older version: it also came back rewrapped under the current version.'
              : undefined,
          );
        },
        onError,
      });
    else
      rewrap.mutate(req, {
        onSuccess: (result) => {
          setOpened({ kind, result, of });
          feedback.succeeded('Rewrapped', 'The same DEK, now wrapped under the current version.');
        },
        onError,
      });
  }

  return (
    <section aria-labelledby="unwrap-title" className="kw-panel">
      <h2 id="unwrap-title" className="kw-section-title">
        Unwrap or rewrap
      </h2>
      <Stack gap={5}>
        <TextArea
          id="unwrap-ciphertext"
          labelText="Ciphertext (base64)"
          helperText="A ciphertext this key wrapped, under any of its versions."
          rows={3}
          value={input.ciphertext}
          onChange={(e) => onInput({ ...input, ciphertext: e.target.value })}
        />
        <AadEditor
          idPrefix="unwrap"
          items={input.aad}
          onChange={(aad) => onInput({ ...input, aad })}
        />
        <div className="kw-button-row">
          <GatedButton
            kind="primary"
            size="md"
            permission={gates.unwrap}
            disabled={unwrap.isPending || blocked}
            onClick={() => doOpen('unwrap')}
          >
            {unwrap.isPending ? 'Unwrapping…' : 'Unwrap'}
          </GatedButton>
          <GatedButton
            kind="secondary"
            size="md"
            permission={gates.rewrap}
            disabled={rewrap.isPending || blocked}
            onClick={() => doOpen('rewrap')}
          >
            {rewrap.isPending ? 'Rewrapping…' : 'Rewrap'}
          </GatedButton>
        </div>
        {opened?.kind === 'unwrap' && (
          <Result title="Unwrap result">
            <Snippet label="Plaintext (base64)" value={opened.result.plaintext} />
            <p>Made under {versionLabel(versions, opened.result.keyVersion.id)}.</p>
            {opened.result.ciphertext && opened.result.rewrappedKeyVersion && (
              <>
                <p>
                  That is an older version, so the engine also rewrapped the same DEK under{' '}
                  {versionLabel(versions, opened.result.rewrappedKeyVersion.id)}. Store this
                  ciphertext in place of the old one:
                </p>
                <Snippet label="Rewrapped ciphertext" value={opened.result.ciphertext} />
              </>
            )}
          </Result>
        )}
        {opened?.kind === 'rewrap' && (
          <Result title="Rewrap result">
            <Snippet label="Rewrapped ciphertext" value={opened.result.ciphertext} />
            <p>
              From {versionLabel(versions, opened.result.keyVersion.id)} to{' '}
              {versionLabel(versions, opened.result.rewrappedKeyVersion.id)}.
            </p>
          </Result>
        )}
      </Stack>
    </section>
  );
}
