/**
 * Wrap with a root key: a DEK the engine generates, or the user's own base64 plaintext, with an
 * AAD list; the ciphertext (and generated DEK) in copyable snippets, to hand to unwrap or the
 * inspector.
 */
import { Button, RadioButton, RadioButtonGroup, Stack, TextArea } from '@carbon/react';
import { useState } from 'react';
import type { WrapResult } from '../../../../domain/api';
import type { Key, KeyVersion, Permission } from '../../../../domain/types';
import { LIMITS } from '../../../../domain/validation';
import { GatedButton } from '../../../../components/gated-button';
import { formatCount } from '../../../../components/format';
import { useWrapKey } from '../../api/wrap-key';
import { AadEditor, aadProblem, aadValues, type AadItem } from './aad-editor';
import { plaintextProblem, versionLabel } from './envelope-form';
import { Result, Snippet } from './envelope-results';
import { useActionFeedback } from './use-action-feedback';

interface WrapPanelProps {
  keyData: Key;
  versions: KeyVersion[] | undefined;
  permission: Permission | undefined;
  /** Fill the unwrap form with this ciphertext and AAD. */
  onUseForUnwrap: (ciphertext: string, aad: AadItem[]) => void;
  onInspect: (ciphertext: string) => void;
}

export function WrapPanel({
  keyData: key,
  versions,
  permission,
  onUseForUnwrap,
  onInspect,
}: WrapPanelProps) {
  const feedback = useActionFeedback();
  const wrap = useWrapKey(key.id);
  const [source, setSource] = useState<'generate' | 'own'>('generate');
  const [plaintext, setPlaintext] = useState('');
  const [aad, setAad] = useState<AadItem[]>([]);
  const [wrapped, setWrapped] = useState<WrapResult | undefined>();

  const ownProblem = source === 'own' ? plaintextProblem(plaintext) : undefined;
  const plaintextError = plaintext.length > 0 ? ownProblem : undefined;

  function doWrap() {
    if (ownProblem) return;
    const values = aadValues(aad);
    wrap.mutate(
      {
        ...(source === 'own' ? { plaintext } : {}),
        ...(values.length > 0 ? { aad: values } : {}),
      },
      {
        onSuccess: (result) => {
          setWrapped(result);
          feedback.succeeded(
            'Wrapped',
            result.plaintext
              ? 'A new DEK was generated and wrapped.'
              : 'Your plaintext was wrapped.',
          );
        },
        onError: (error) => {
          setWrapped(undefined);
          feedback.failed(error);
        },
      },
    );
  }

  return (
    <section aria-labelledby="wrap-title" className="kw-panel">
      <h2 id="wrap-title" className="kw-section-title">
        Wrap
      </h2>
      <Stack gap={5}>
        <RadioButtonGroup
          legendText="What to wrap"
          name="wrap-source"
          orientation="vertical"
          valueSelected={source}
          onChange={(value) => setSource(value === 'own' ? 'own' : 'generate')}
        >
          <RadioButton
            id="wrap-generate"
            value="generate"
            labelText="Generate a data encryption key (32 bytes) and wrap it"
          />
          <RadioButton id="wrap-own" value="own" labelText="Wrap my own plaintext (base64)" />
        </RadioButtonGroup>
        {source === 'own' && (
          <TextArea
            id="wrap-plaintext"
            labelText="Plaintext (base64)"
            helperText={`1–${formatCount(LIMITS.wrapPlaintextMax)} bytes, base64-encoded.`}
            rows={2}
            value={plaintext}
            onChange={(e) => setPlaintext(e.target.value.trim())}
            invalid={plaintextError !== undefined}
            invalidText={plaintextError}
          />
        )}
        <AadEditor idPrefix="wrap" items={aad} onChange={setAad} />
        <div>
          <GatedButton
            kind="primary"
            size="md"
            permission={permission}
            disabled={wrap.isPending || aadProblem(aad) !== undefined || ownProblem !== undefined}
            onClick={doWrap}
          >
            {wrap.isPending ? 'Wrapping…' : 'Wrap'}
          </GatedButton>
        </div>
        {wrapped && (
          <Result title="Wrap result">
            <Snippet label="Ciphertext" value={wrapped.ciphertext} />
            {wrapped.plaintext && (
              <Snippet label="Generated DEK (base64)" value={wrapped.plaintext} />
            )}
            <p>
              Wrapped with {versionLabel(versions, wrapped.keyVersion.id)}.
              {aad.length > 0 && ' Keep the AAD: unwrapping needs it again.'}
            </p>
            <div className="kw-button-row">
              <Button
                kind="tertiary"
                size="sm"
                onClick={() =>
                  onUseForUnwrap(
                    wrapped.ciphertext,
                    aad.map((item) => ({ ...item })),
                  )
                }
              >
                Use for unwrap
              </Button>
              <Button kind="tertiary" size="sm" onClick={() => onInspect(wrapped.ciphertext)}>
                Inspect
              </Button>
            </div>
          </Result>
        )}
      </Stack>
    </section>
  );
}
