/**
 * The create-key form: root or standard, name, description and aliases, validated as the user
 * types with the engine's own rules; the engine's answer (refusal or the new key) closes the loop.
 */
import {
  InlineNotification,
  Modal,
  RadioButton,
  RadioButtonGroup,
  Select,
  SelectItem,
  Stack,
  TextArea,
  TextInput,
} from '@carbon/react';
import { useRef, useState } from 'react';
import type { Key } from '../../../domain/types';
import {
  aliasProblem,
  descriptionProblem,
  keyNameProblem,
  LIMITS,
} from '../../../domain/validation';
import { errorMessage } from '../../../client/error-message';
import { useCreateKey } from '../api/create-key';
import { ImportMaterialFields } from './import/import-material-fields';
import {
  draftProblems,
  draftRequest,
  EMPTY_DRAFT,
  effectiveDraft,
  type MaterialDraft,
} from './import/material-draft';
import { useEngineNow } from '../../../client/session-query';
import { FailureNotice } from '../../../components/failure-notice';
import { useInstancePolicies } from '../../../client/shared-reads';
import { createImportAccessOf } from '../../../domain/instance-policies';
import { DateTimeField } from '../../../components/date-time-field';
import { useExpirationField } from './use-expiration-field';

interface CreateKeyModalProps {
  open: boolean;
  /** The instance's key rings; the new key goes into one of them. */
  rings: string[];
  onClose: () => void;
  onCreated: (key: Key) => void;
}

function splitAliases(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

function aliasesProblem(aliases: string[]): string | undefined {
  if (aliases.length > LIMITS.aliasesPerKey)
    return `Use at most ${LIMITS.aliasesPerKey} aliases (this has ${aliases.length}).`;
  if (new Set(aliases).size !== aliases.length) return 'List each alias once.';
  for (const alias of aliases) {
    const problem = aliasProblem(alias);
    if (problem) return `"${alias}": ${problem}.`;
  }
  return undefined;
}

export function CreateKeyModal({ open, rings, onClose, onCreated }: CreateKeyModalProps) {
  const [kind, setKind] = useState<'root' | 'standard'>('root');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [aliasText, setAliasText] = useState('');
  const [ring, setRing] = useState('default');
  const expiration = useExpirationField(useEngineNow());
  const [submitted, setSubmitted] = useState(false);
  const formRef = useRef<HTMLElement>(null);
  const createKey = useCreateKey();
  // Bring your own key: generate here, or import (plain or through an import token).
  const [source, setSource] = useState<'generate' | 'import'>('generate');
  const [draft, setDraft] = useState<MaterialDraft>(EMPTY_DRAFT);
  const instancePolicies = useInstancePolicies({ enabled: open });
  const access = instancePolicies.data && createImportAccessOf(instancePolicies.data);
  const extractable = kind === 'standard';
  const importing = source === 'import';
  const materialProblems = importing
    ? draftProblems(effectiveDraft(draft, extractable), extractable)
    : {};
  const accessFlag = importing
    ? extractable
      ? 'import_standard_key'
      : 'import_root_key'
    : extractable
      ? 'create_standard_key'
      : 'create_root_key';
  const accessOff = access && !access[accessFlag];

  const aliases = splitAliases(aliasText);
  const nameError = name.length > 0 || submitted ? keyNameProblem(name) : undefined;
  const descriptionError = descriptionProblem(description === '' ? undefined : description);
  const aliasError = aliasesProblem(aliases);
  const failure = createKey.error ? errorMessage(createKey.error) : undefined;

  function reset() {
    setKind('root');
    setName('');
    setDescription('');
    setAliasText('');
    setRing('default');
    expiration.reset();
    setSource('generate');
    setDraft(EMPTY_DRAFT);
    setSubmitted(false);
    createKey.reset();
  }

  function close() {
    reset();
    onClose();
  }

  /** After a refused submit: the first field that says what is wrong gets focus (and view). */
  function focusFirstProblem() {
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  }

  function submit() {
    setSubmitted(true);
    if (
      keyNameProblem(name) ||
      descriptionError ||
      aliasError ||
      expiration.error ||
      Object.keys(materialProblems).length > 0
    ) {
      focusFirstProblem();
      return;
    }
    createKey.mutate(
      {
        name,
        extractable: kind === 'standard',
        ...(description ? { description } : {}),
        ...(aliases.length > 0 ? { aliases } : {}),
        keyRingID: ring,
        ...(expiration.iso ? { expirationDate: expiration.iso } : {}),
        ...(importing ? draftRequest(effectiveDraft(draft, extractable)) : {}),
      },
      {
        onSuccess: (key) => {
          reset();
          onCreated(key);
        },
      },
    );
  }

  return (
    <Modal
      open={open}
      modalHeading={importing ? 'Import your own key' : 'Create key'}
      primaryButtonText={
        createKey.isPending
          ? importing
            ? 'Importing…'
            : 'Creating…'
          : importing
            ? 'Import key'
            : 'Create key'
      }
      primaryButtonDisabled={createKey.isPending || accessOff}
      secondaryButtonText="Cancel"
      onRequestClose={close}
      onRequestSubmit={submit}
      shouldSubmitOnEnter={false}
      size={importing ? 'lg' : 'md'}
    >
      <Stack gap={6} ref={formRef}>
        <RadioButtonGroup
          legendText="Key type"
          name="key-type"
          valueSelected={kind}
          onChange={(value) => setKind(value === 'standard' ? 'standard' : 'root')}
          orientation="vertical"
          helperText={
            kind === 'root'
              ? 'A root key wraps other keys; its material never leaves Keyward.'
              : 'A standard key holds a secret that users with ReaderPlus or above can read.'
          }
        >
          <RadioButton labelText="Root key" value="root" id="key-type-root" />
          <RadioButton labelText="Standard key" value="standard" id="key-type-standard" />
        </RadioButtonGroup>
        <RadioButtonGroup
          legendText="Key material"
          name="key-source"
          valueSelected={source}
          onChange={(value) => setSource(value === 'import' ? 'import' : 'generate')}
          orientation="horizontal"
        >
          <RadioButton labelText="Generate a new key" value="generate" id="key-source-generate" />
          <RadioButton labelText="Import your own key" value="import" id="key-source-import" />
        </RadioButtonGroup>
        {accessOff && (
          <InlineNotification
            kind="warning"
            title="Not allowed in this instance"
            subtitle={`This instance's key create and import policy has ${accessFlag} off, so the engine will refuse this. A Manager can change it in Settings.`}
            lowContrast
            hideCloseButton
          />
        )}
        <TextInput
          id="key-name"
          labelText="Name"
          helperText={`${LIMITS.nameMin}–${LIMITS.nameMax} characters; need not be unique.`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          invalid={nameError !== undefined}
          invalidText={nameError ? `Name: ${nameError}.` : undefined}
          data-modal-primary-focus
        />
        <TextArea
          id="key-description"
          labelText="Description (optional)"
          helperText="Set at creation only."
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          enableCounter
          maxCount={LIMITS.descriptionMax}
          invalid={descriptionError !== undefined}
          invalidText={descriptionError ? `Description: ${descriptionError}.` : undefined}
          rows={2}
        />
        <TextInput
          id="key-aliases"
          labelText="Aliases (optional)"
          helperText={`Up to ${LIMITS.aliasesPerKey}, separated by commas or spaces: letters, digits, "_" and "-", unique in the instance.`}
          value={aliasText}
          onChange={(e) => setAliasText(e.target.value)}
          invalid={aliasError !== undefined}
          invalidText={aliasError}
        />
        <Select
          id="key-ring"
          labelText="Key ring"
          helperText="Access can be granted per key ring."
          value={ring}
          onChange={(e) => setRing(e.target.value)}
        >
          {rings.map((r) => (
            <SelectItem key={r} value={r} text={r} />
          ))}
        </Select>
        <DateTimeField
          key={expiration.fieldKey}
          {...expiration.field}
          id="key-expiration"
          labelText="Expiration date (optional)"
          timeLabelText="Expiration time"
          helperText="After this moment the key is Expired: it can still unwrap, never wrap. Engine clock time."
        />
        {importing && (
          <ImportMaterialFields
            extractable={extractable}
            draft={draft}
            onChange={setDraft}
            showAll={submitted}
            enforceToken={access?.enforce_token}
          />
        )}
        <FailureNotice failure={failure} />
      </Stack>
    </Modal>
  );
}
