/**
 * One password-protected file: a button that reads the chosen file's text, the file's name once
 * chosen, and its password. Used for part files (custodians) and signature key files (admins).
 */
import { Button, PasswordInput } from '@carbon/react';
import { Upload } from '@carbon/icons-react';
import { useId, useRef } from 'react';

export interface FileWithPassword {
  name: string;
  file: string;
  password: string;
}

export const emptyFile: FileWithPassword = { name: '', file: '', password: '' };

interface FileFieldProps {
  label: string;
  value: FileWithPassword;
  onChange: (value: FileWithPassword) => void;
  disabled?: boolean;
  testId: string;
}

export function FileField({ label, value, onChange, disabled, testId }: FileFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <div className="kw-hpcs-file" data-testid={testId}>
      <div className="kw-hpcs-file-row">
        <Button
          kind="tertiary"
          size="sm"
          renderIcon={Upload}
          disabled={disabled}
          onClick={() => input.current?.click()}
        >
          {label}
        </Button>
        <span className="kw-secondary">{value.name || 'No file chosen'}</span>
        <input
          id={id}
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label={label}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file)
              void file.text().then((text) => onChange({ ...value, name: file.name, file: text }));
          }}
        />
      </div>
      <PasswordInput
        id={`${id}-password`}
        labelText={`Password of ${label.toLowerCase().replace(/^choose /, '')}`}
        size="sm"
        autoComplete="off"
        disabled={disabled}
        value={value.password}
        onChange={(event) => onChange({ ...value, password: event.target.value })}
      />
    </div>
  );
}

/** `count` signature key files, one per signing administrator. */
export function SignersField({
  count,
  value,
  onChange,
  disabled,
  testId,
}: {
  count: number;
  value: FileWithPassword[];
  onChange: (value: FileWithPassword[]) => void;
  disabled?: boolean;
  testId: string;
}) {
  const slots = Array.from({ length: count }, (_, i) => value[i] ?? emptyFile);
  return (
    <fieldset className="kw-hpcs-signers" data-testid={testId}>
      <legend className="cds--label">
        Signatures: {count} {count === 1 ? 'administrator' : 'different administrators'} (their
        signature key file and password)
      </legend>
      {slots.map((slot, i) => (
        <FileField
          key={i}
          label={`Choose signature key ${i + 1}`}
          testId={`${testId}-${i}`}
          value={slot}
          disabled={disabled}
          onChange={(next) => onChange(slots.map((s, j) => (j === i ? next : s)))}
        />
      ))}
    </fieldset>
  );
}

export const filled = (files: FileWithPassword[]) =>
  files.length > 0 && files.every((f) => f.file.length > 0 && f.password.length > 0);
