/**
 * One password-protected file: a button that reads the chosen file's text, the file's name once
 * chosen, and its password. Used for part files (custodians) and signature key files (admins).
 */
import { useId } from 'react';
import { FilePicker, PasswordField } from '../../../components/secret-fields';

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
  const id = useId();
  return (
    <div className="kw-hpcs-file" data-testid={testId}>
      <div className="kw-hpcs-file-row">
        <FilePicker
          label={label}
          accept=".json,application/json"
          disabled={disabled}
          fileName={value.name}
          onFile={(file) =>
            void file.text().then((text) => onChange({ ...value, name: file.name, file: text }))
          }
        />
      </div>
      <PasswordField
        id={`${id}-password`}
        label={`Password of ${label.toLowerCase().replace(/^choose /, '')}`}
        size="sm"
        purpose="existing"
        disabled={disabled}
        value={value.password}
        onChange={(password) => onChange({ ...value, password })}
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
