/**
 * Bring your own key: the material of an import or of an imported key's rotation, by one of two
 * routes. Plain: base64 key material, pasted or read from a file. With an import token: the
 * engine makes a token (an RSA-4096 key pair, seconds of work in its worker, shown as progress),
 * the user downloads its public key and nonce, runs the printed commands on their own machine,
 * and hands back the three results. The engine checks everything again.
 */
import {
  Button,
  CodeSnippet,
  CopyButton,
  InlineLoading,
  InlineNotification,
  NumberInput,
  ProgressIndicator,
  ProgressStep,
  RadioButton,
  RadioButtonGroup,
  Stack,
  TextArea,
} from '@carbon/react';
import { Download } from '@carbon/icons-react';
import { useState } from 'react';
import type { ImportToken } from '../../../../domain/api';
import { IMPORT_FILES, secureImportCommands } from '../../../../domain/import-commands';
import { decodeBase64 } from '../../../../domain/validation';
import { errorMessage } from '../../../../client/error-message';
import { FailureNotice } from '../../../../components/failure-notice';
import { DateTime } from '../../../../components/date-time';
import { useCreateImportToken, useRetrieveImportToken } from '../../api/import-token';
import { FileButton } from './file-button';
import { draftProblems, effectiveDraft, type MaterialDraft } from './material-draft';
import './import.scss';
import { saveBlob } from '../../../../components/save-blob';

interface ImportMaterialFieldsProps {
  /** Standard keys are imported plainly (an import token is for root keys). */
  extractable: boolean;
  draft: MaterialDraft;
  onChange: (draft: MaterialDraft) => void;
  /** Show problems of empty fields too (after a submit attempt). */
  showAll: boolean;
  /** The instance's enforce_token policy (undefined while loading). */
  enforceToken: boolean | undefined;
}

export function ImportMaterialFields({
  extractable,
  draft,
  onChange,
  showAll,
  enforceToken,
}: ImportMaterialFieldsProps) {
  const { route } = effectiveDraft(draft, extractable);
  const problems = draftProblems(effectiveDraft(draft, extractable), extractable);
  const shown = (field: keyof typeof problems, value: string) =>
    value !== '' || showAll ? problems[field] : undefined;

  return (
    <Stack gap={5} className="kw-import">
      <RadioButtonGroup
        legendText="How the material travels"
        name="import-route"
        orientation="vertical"
        valueSelected={route}
        onChange={(value) => onChange({ ...draft, route: value === 'plain' ? 'plain' : 'secure' })}
        helperText={
          extractable
            ? 'A standard key is imported as plain base64: an import token is for root keys.'
            : enforceToken
              ? "This instance's policy requires an import token (enforce_token is on): plain import is off."
              : undefined
        }
      >
        <RadioButton
          labelText="With an import token (encrypted on your machine; recommended)"
          value="secure"
          id="import-route-secure"
          disabled={extractable}
        />
        <RadioButton
          labelText="Plain: paste or upload the key material"
          value="plain"
          id="import-route-plain"
          disabled={enforceToken === true}
        />
      </RadioButtonGroup>
      {enforceToken && route === 'plain' && (
        <InlineNotification
          kind="warning"
          title="Plain import is refused here"
          subtitle="This instance requires an import token (enforce_token). A Manager can change that in Settings."
          lowContrast
          hideCloseButton
        />
      )}
      {route === 'plain' ? (
        <div className="kw-import-field">
          <TextArea
            id="import-plain"
            labelText="Key material (base64)"
            helperText={
              extractable
                ? '1–7,500 bytes, base64-encoded.'
                : '16, 24 or 32 bytes (AES-128, -192 or -256), base64-encoded.'
            }
            rows={3}
            value={draft.plain}
            onChange={(e) => onChange({ ...draft, plain: e.target.value })}
            invalid={shown('plain', draft.plain) !== undefined}
            invalidText={shown('plain', draft.plain)}
          />
          <FileButton
            label="Upload a key file (raw bytes)"
            read="bytes"
            onLoaded={(plain) => onChange({ ...draft, plain })}
          />
        </div>
      ) : (
        <SecureImportSteps
          draft={draft}
          onChange={onChange}
          showAll={showAll}
          problems={problems}
        />
      )}
    </Stack>
  );
}

function SecureImportSteps({
  draft,
  onChange,
  showAll,
  problems,
}: {
  draft: MaterialDraft;
  onChange: (draft: MaterialDraft) => void;
  showAll: boolean;
  problems: ReturnType<typeof draftProblems>;
}) {
  const [token, setToken] = useState<ImportToken>();
  const [expiration, setExpiration] = useState(600);
  const [retrievals, setRetrievals] = useState(1);
  const create = useCreateImportToken();
  const retrieve = useRetrieveImportToken();
  const pending = create.isPending || retrieve.isPending;
  const failure = create.error ?? retrieve.error;
  const results = draft.payload !== '' || draft.encryptedNonce !== '' || draft.iv !== '';
  const step = !token ? 0 : results ? 2 : 1;
  const expirationProblem =
    Number.isInteger(expiration) && expiration >= 300 && expiration <= 86_400
      ? undefined
      : 'Enter a whole number of seconds from 300 to 86,400.';
  const retrievalsProblem =
    Number.isInteger(retrievals) && retrievals >= 1 && retrievals <= 500
      ? undefined
      : 'Enter a whole number from 1 to 500.';
  const shown = (field: keyof typeof problems, value: string) =>
    value !== '' || showAll ? problems[field] : undefined;

  const resultField = (field: 'payload' | 'encryptedNonce' | 'iv', label: string, file: string) => (
    <div className="kw-import-field">
      <TextArea
        id={`import-${field}`}
        labelText={label}
        helperText={`The contents of ${file}.`}
        rows={field === 'payload' ? 3 : 1}
        value={draft[field]}
        onChange={(e) => onChange({ ...draft, [field]: e.target.value })}
        invalid={shown(field, draft[field]) !== undefined}
        invalidText={shown(field, draft[field])}
      />
      <FileButton
        label={`Upload ${file}`}
        read="text"
        onLoaded={(value) => onChange({ ...draft, [field]: value })}
      />
    </div>
  );

  return (
    <Stack gap={6}>
      <ProgressIndicator currentIndex={step} spaceEqually className="kw-import-progress">
        <ProgressStep label="Get an import token" />
        <ProgressStep label="Encrypt on your machine" />
        <ProgressStep label="Hand back the results" />
      </ProgressIndicator>

      <section aria-labelledby="import-step-token" className="kw-import-step">
        <h4 id="import-step-token" className="kw-import-heading">
          1. Get an import token
        </h4>
        <Stack gap={4}>
          <p className="kw-import-text">
            The engine makes an RSA-4096 key pair and a nonce. A new token replaces the old one;
            each retrieval of it counts.
          </p>
          <div className="kw-import-row">
            <NumberInput
              id="import-token-expiration"
              label="Valid for (seconds)"
              min={300}
              max={86_400}
              step={60}
              value={expiration}
              onChange={(_e, { value }) => setExpiration(Number(value))}
              invalid={expirationProblem !== undefined}
              invalidText={expirationProblem}
              helperText="300–86,400"
            />
            <NumberInput
              id="import-token-retrievals"
              label="Retrievals allowed"
              min={1}
              max={500}
              value={retrievals}
              onChange={(_e, { value }) => setRetrievals(Number(value))}
              invalid={retrievalsProblem !== undefined}
              invalidText={retrievalsProblem}
              helperText="1–500"
            />
          </div>
          <div className="kw-import-row">
            <Button
              kind="secondary"
              size="md"
              disabled={
                pending || expirationProblem !== undefined || retrievalsProblem !== undefined
              }
              onClick={() =>
                create.mutate(
                  { expiration, maxAllowedRetrievals: retrievals },
                  { onSuccess: setToken },
                )
              }
            >
              {token ? 'Create a new import token' : 'Create import token'}
            </Button>
            <Button
              kind="ghost"
              size="md"
              disabled={pending}
              onClick={() => retrieve.mutate(undefined, { onSuccess: setToken })}
            >
              Retrieve the current token
            </Button>
          </div>
          {create.isPending && (
            <InlineLoading
              status="active"
              description="Generating a 4,096-bit RSA key pair in the engine (a few seconds)…"
            />
          )}
          {retrieve.isPending && <InlineLoading status="active" description="Retrieving…" />}
          <FailureNotice failure={failure && !pending ? errorMessage(failure) : null} />
          {token && (
            <div className="kw-import-token" data-testid="import-token">
              <p className="kw-import-text">
                Token valid until <DateTime iso={token.expirationDate} />;{' '}
                {token.remainingRetrievals} of {token.maxAllowedRetrievals} retrievals left.
              </p>
              <div className="kw-import-pem">
                <pre
                  tabIndex={0}
                  role="region"
                  aria-label="Import token payload (base64 of the PEM public key)"
                >
                  {token.payload.trim()}
                </pre>
                <CopyButton
                  iconDescription="Copy the payload"
                  feedbackTimeout={2000}
                  onClick={() => void navigator.clipboard?.writeText(token.payload)}
                />
              </div>
              <p className="kw-import-text">Nonce (base64):</p>
              <CodeSnippet type="single" feedback="Copied" aria-label="Nonce (base64)">
                {token.nonce}
              </CodeSnippet>
              <div className="kw-import-row">
                <Button
                  kind="tertiary"
                  size="sm"
                  renderIcon={Download}
                  onClick={() => saveBlob(token.payload, IMPORT_FILES.token)}
                >
                  Download {IMPORT_FILES.token}
                </Button>
                <Button
                  kind="tertiary"
                  size="sm"
                  renderIcon={Download}
                  onClick={() =>
                    saveBlob(
                      decodeBase64('nonce', token.nonce) as Uint8Array<ArrayBuffer>,
                      IMPORT_FILES.nonce,
                    )
                  }
                >
                  Download {IMPORT_FILES.nonce}
                </Button>
              </div>
            </div>
          )}
        </Stack>
      </section>

      <section aria-labelledby="import-step-commands" className="kw-import-step">
        <h4 id="import-step-commands" className="kw-import-heading">
          2. Encrypt on your machine
        </h4>
        <Stack gap={4}>
          <p className="kw-import-text">
            In a folder with {IMPORT_FILES.token}, {IMPORT_FILES.nonce} and your key material as{' '}
            {IMPORT_FILES.material}, run (base64, openssl 3 and Node.js). As in Key Protect, the
            token payload is the base64 of the PEM public key, so the first step decodes it:
          </p>
          <ol className="kw-import-commands" aria-label="Commands to run">
            {secureImportCommands(32).map((step) => (
              <li key={step.command}>
                <p className="kw-import-text">{step.purpose}</p>
                <CodeSnippet type="multi" feedback="Copied" wrapText aria-label={step.purpose}>
                  {step.command}
                </CodeSnippet>
              </li>
            ))}
          </ol>
        </Stack>
      </section>

      <section aria-labelledby="import-step-results" className="kw-import-step">
        <h4 id="import-step-results" className="kw-import-heading">
          3. Hand back the results
        </h4>
        <Stack gap={4}>
          {resultField('payload', 'Encrypted key material (payload)', IMPORT_FILES.payload)}
          {resultField('encryptedNonce', 'Encrypted nonce', IMPORT_FILES.encryptedNonce)}
          {resultField('iv', 'IV', IMPORT_FILES.iv)}
        </Stack>
      </section>
    </Stack>
  );
}
