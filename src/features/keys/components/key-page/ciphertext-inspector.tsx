/**
 * The ciphertext inspector: decodes the non-secret parts of a wrap ciphertext (the documented
 * envelope, docs/ciphertext-format.md) in the browser, without calling the engine, and says
 * plainly when the text is not a Keyward ciphertext. The sealed DEK stays sealed.
 */
import { TextArea } from '@carbon/react';
import { ENVELOPE_HEADER_LENGTH, GCM_TAG_LENGTH, type Envelope } from '../../../../domain/envelope';
import type { Key, KeyVersion } from '../../../../domain/types';
import { hex, inspect } from './inspect-ciphertext';

interface CiphertextInspectorProps {
  keyData: Key;
  versions: KeyVersion[] | undefined;
  value: string;
  onChange: (value: string) => void;
}

export function CiphertextInspector({
  keyData: key,
  versions,
  value,
  onChange,
}: CiphertextInspectorProps) {
  const result = inspect(value);
  return (
    <div className="kw-inspector">
      <TextArea
        id="inspect-ciphertext"
        labelText="Ciphertext to inspect (base64)"
        helperText="Decoded here in the browser; nothing is sent to the engine and the sealed key stays sealed."
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <div aria-live="polite" data-testid="inspection">
        {result.kind === 'not-base64' && (
          <p className="kw-verdict kw-verdict--bad">
            Not a Keyward ciphertext: this is not valid base64 (standard alphabet, with padding).
          </p>
        )}
        {result.kind === 'not-keyward' && (
          <p className="kw-verdict kw-verdict--bad">
            Not a Keyward ciphertext: these {result.length} bytes do not start with the “KW”
            format-1 AES-256-GCM header, or are too short (at least{' '}
            {ENVELOPE_HEADER_LENGTH + GCM_TAG_LENGTH} bytes).
          </p>
        )}
        {result.kind === 'envelope' && (
          <Decoded keyData={key} versions={versions} envelope={result.envelope} />
        )}
      </div>
    </div>
  );
}

function Decoded({
  keyData: key,
  versions,
  envelope,
}: {
  keyData: Key;
  versions: KeyVersion[] | undefined;
  envelope: Envelope;
}) {
  const ours = envelope.keyId === key.id;
  const version = versions?.find((v) => v.id === envelope.keyVersionId);
  const dekLength = envelope.sealed.length - GCM_TAG_LENGTH;
  return (
    <>
      <p className="kw-verdict">
        A Keyward ciphertext{' '}
        {ours ? 'made by this key.' : 'made by another key: this key cannot unwrap it.'}
      </p>
      <dl className="kw-fields kw-fields--compact">
        <div className="kw-field">
          <dt>Format version</dt>
          <dd>{envelope.formatVersion}</dd>
        </div>
        <div className="kw-field">
          <dt>Algorithm</dt>
          <dd>{envelope.algorithm}</dd>
        </div>
        <div className="kw-field">
          <dt>Key id</dt>
          <dd>
            <span className="kw-mono kw-break">{envelope.keyId}</span>{' '}
            {ours ? '(this key)' : '(not this key)'}
          </dd>
        </div>
        <div className="kw-field">
          <dt>Key version id</dt>
          <dd>
            <span className="kw-mono kw-break">{envelope.keyVersionId}</span>{' '}
            {!ours
              ? ''
              : version
                ? version.current
                  ? `(version ${version.number}, the current version)`
                  : `(version ${version.number}, an older version: unwrap returns it rewrapped to the current one)`
                : versions
                  ? '(not a version of this key)'
                  : ''}
          </dd>
        </div>
        <div className="kw-field">
          <dt>IV (96 bits, hex)</dt>
          <dd>
            <span className="kw-mono kw-break">{hex(envelope.iv)}</span>
          </dd>
        </div>
        <div className="kw-field">
          <dt>Sealed length</dt>
          <dd>
            {envelope.sealed.length} bytes ({dekLength} bytes of encrypted key and a{' '}
            {GCM_TAG_LENGTH}-byte authentication tag)
          </dd>
        </div>
      </dl>
    </>
  );
}
