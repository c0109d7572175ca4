/**
 * Envelope encryption with a root key, by hand: wrap (a DEK of the user's or one the engine
 * generates), unwrap and rewrap, each with an AAD list; results in copyable snippets; and the
 * ciphertext inspector. Gated by the user's role and by the key's state (an Expired key unwraps
 * but never wraps).
 */
import { Button, CodeSnippet, RadioButton, RadioButtonGroup, Stack, TextArea } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { RewrapResult, UnwrapResult, WrapResult } from '../../../../domain/api';
import { KeyState, stateAllows } from '../../../../domain/key-state';
import type { Key, KeyVersion, Permissions } from '../../../../domain/types';
import { decodeBase64, isBase64, LIMITS } from '../../../../domain/validation';
import { useCallContext } from '../../../../client/call-context';
import { GatedButton } from '../../../../components/gated-button';
import { useRewrapKey } from '../../api/rewrap-key';
import { useUnwrapKey } from '../../api/unwrap-key';
import { useWrapKey } from '../../api/wrap-key';
import { AadEditor, aadProblem, aadValues, type AadItem } from './aad-editor';
import { CiphertextInspector } from './ciphertext-inspector';
import { gate, stateReason } from './format';
import { useActionFeedback } from './use-action-feedback';
import { engineQuery } from '../../../../client/engine-query';
import { formatCount } from '../../../../components/format';

interface KeyActionsTabProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

function plaintextProblem(text: string): string | undefined {
  if (text.length === 0) return 'Enter the plaintext to wrap, base64-encoded.';
  if (!isBase64(text)) return 'Not valid base64 (A–Z, a–z, 0–9, "+", "/", with "=" padding).';
  const bytes = decodeBase64('plaintext', text).length;
  if (bytes < 1 || bytes > LIMITS.wrapPlaintextMax)
    return `Use 1–${LIMITS.wrapPlaintextMax} bytes (this has ${bytes}).`;
  return undefined;
}

function versionLabel(versions: KeyVersion[] | undefined, id: string): string {
  const version = versions?.find((v) => v.id === id);
  if (!version) return id;
  return `version ${version.number}${version.current ? ' (current)' : ''} — ${id}`;
}

function Result({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="kw-result" aria-label={title}>
      <h4 className="kw-subheading">{title}</h4>
      <Stack gap={4}>{children}</Stack>
    </section>
  );
}

function Snippet({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <p className="cds--label">{label}</p>
      <CodeSnippet
        type="multi"
        wrapText
        feedback="Copied"
        copyButtonDescription={`Copy the ${label.toLowerCase()}`}
        aria-label={label}
      >
        {value}
      </CodeSnippet>
    </div>
  );
}

export function KeyActionsTab({ keyData: key, permissions }: KeyActionsTabProps) {
  const ctx = useCallContext();
  const feedback = useActionFeedback();
  const versions = useQuery(engineQuery('getKeyVersions', ctx, key.id)).data?.versions;

  const [source, setSource] = useState<'generate' | 'own'>('generate');
  const [plaintext, setPlaintext] = useState('');
  const [wrapAad, setWrapAad] = useState<AadItem[]>([]);
  const [wrapped, setWrapped] = useState<WrapResult | undefined>();

  const [ciphertext, setCiphertext] = useState('');
  const [unwrapAad, setUnwrapAad] = useState<AadItem[]>([]);
  const [opened, setOpened] = useState<
    { kind: 'unwrap'; result: UnwrapResult } | { kind: 'rewrap'; result: RewrapResult } | undefined
  >();

  const [inspected, setInspected] = useState('');

  const wrap = useWrapKey(key.id);
  const unwrap = useUnwrapKey(key.id);
  const rewrap = useRewrapKey(key.id);

  const plaintextError =
    source === 'own' && plaintext.length > 0 ? plaintextProblem(plaintext) : undefined;
  const wrapAadError = aadProblem(wrapAad);
  const unwrapAadError = aadProblem(unwrapAad);

  const wrapGate = gate(
    permissions?.wrap,
    'Wrapping',
    stateAllows(key.state, 'wrap')
      ? undefined
      : key.state === KeyState.Deactivated
        ? 'An Expired key cannot wrap; it can still unwrap and rewrap what it wrapped before.'
        : stateReason(key.state, 'wrap'),
  );
  const unwrapGate = gate(
    permissions?.wrap,
    'Unwrapping',
    stateAllows(key.state, 'unwrap') ? undefined : stateReason(key.state, 'unwrap'),
  );
  const rewrapGate = gate(
    permissions?.wrap,
    'Rewrapping',
    stateAllows(key.state, 'rewrap') ? undefined : stateReason(key.state, 'rewrap'),
  );

  function doWrap() {
    if (source === 'own' && plaintextProblem(plaintext)) return;
    const aad = aadValues(wrapAad);
    wrap.mutate(
      {
        ...(source === 'own' ? { plaintext } : {}),
        ...(aad.length > 0 ? { aad } : {}),
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

  function doOpen(kind: 'unwrap' | 'rewrap') {
    const aad = aadValues(unwrapAad);
    const req = { ciphertext: ciphertext.trim(), ...(aad.length > 0 ? { aad } : {}) };
    const onError = (error: unknown) => {
      setOpened(undefined);
      feedback.failed(error);
    };
    if (kind === 'unwrap')
      unwrap.mutate(req, {
        onSuccess: (result) => {
          setOpened({ kind, result });
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
          setOpened({ kind, result });
          feedback.succeeded('Rewrapped', 'The same DEK, now wrapped under the current version.');
        },
        onError,
      });
  }

  return (
    <div className="kw-actions-grid">
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
          <AadEditor idPrefix="wrap" items={wrapAad} onChange={setWrapAad} />
          <div>
            <GatedButton
              kind="primary"
              size="md"
              permission={wrapGate}
              disabled={
                wrap.isPending ||
                wrapAadError !== undefined ||
                (source === 'own' && plaintextProblem(plaintext) !== undefined)
              }
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
                {wrapAad.length > 0 && ' Keep the AAD: unwrapping needs it again.'}
              </p>
              <div className="kw-button-row">
                <Button
                  kind="tertiary"
                  size="sm"
                  onClick={() => {
                    setCiphertext(wrapped.ciphertext);
                    setUnwrapAad(wrapAad.map((item) => ({ ...item })));
                    setOpened(undefined);
                  }}
                >
                  Use for unwrap
                </Button>
                <Button kind="tertiary" size="sm" onClick={() => setInspected(wrapped.ciphertext)}>
                  Inspect
                </Button>
              </div>
            </Result>
          )}
        </Stack>
      </section>

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
            value={ciphertext}
            onChange={(e) => setCiphertext(e.target.value)}
          />
          <AadEditor idPrefix="unwrap" items={unwrapAad} onChange={setUnwrapAad} />
          <div className="kw-button-row">
            <GatedButton
              kind="primary"
              size="md"
              permission={unwrapGate}
              disabled={
                unwrap.isPending || ciphertext.trim() === '' || unwrapAadError !== undefined
              }
              onClick={() => doOpen('unwrap')}
            >
              {unwrap.isPending ? 'Unwrapping…' : 'Unwrap'}
            </GatedButton>
            <GatedButton
              kind="secondary"
              size="md"
              permission={rewrapGate}
              disabled={
                rewrap.isPending || ciphertext.trim() === '' || unwrapAadError !== undefined
              }
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

      <section aria-labelledby="inspect-title" className="kw-panel kw-panel--wide">
        <h2 id="inspect-title" className="kw-section-title">
          Ciphertext inspector
        </h2>
        <CiphertextInspector
          keyData={key}
          versions={versions}
          value={inspected}
          onChange={setInspected}
        />
      </section>
    </div>
  );
}
