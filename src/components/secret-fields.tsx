/**
 * The fields of forms that take secrets and files (Hyper Protect part and signature key files,
 * backups, key import): a password or passphrase field, and a button that picks a file, with the
 * chosen file's name beside it.
 */
import { Button, PasswordInput, type ButtonProps } from '@carbon/react';
import { Upload } from '@carbon/icons-react';
import { useId, useRef } from 'react';

interface PasswordFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** 'new': the user chooses it now (the browser may offer to generate and keep one); 'existing': typed to open something. */
  purpose: 'new' | 'existing';
  disabled?: boolean;
  size?: 'sm' | 'md' | 'lg';
  /** What is wrong with it, shown once `showProblem` (after the first submit, say). */
  problem?: string | undefined;
  showProblem?: boolean;
}

export function PasswordField({
  id,
  label,
  value,
  onChange,
  purpose,
  disabled,
  size,
  problem,
  showProblem = true,
}: PasswordFieldProps) {
  const invalid = showProblem && problem !== undefined;
  return (
    <PasswordInput
      id={id}
      labelText={label}
      size={size}
      autoComplete={purpose === 'new' ? 'new-password' : 'off'}
      disabled={disabled}
      value={value}
      invalid={invalid}
      invalidText={invalid ? problem : undefined}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

interface FilePickerProps {
  /** The button's words, also the name of the file input. */
  label: string;
  /** File types offered, as the input's `accept`. */
  accept?: string;
  disabled?: boolean;
  kind?: ButtonProps<'button'>['kind'];
  /** The chosen file's name to show beside the button ('' for none yet); leave out to show none. */
  fileName?: string;
  testId?: string;
  onFile: (file: File) => void;
}

/**
 * A button that opens the file chooser and hands over the chosen file. The input forgets the
 * choice at once, so choosing the same file again (after it changed) is seen.
 */
export function FilePicker({
  label,
  accept,
  disabled,
  kind = 'tertiary',
  fileName,
  testId,
  onFile,
}: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <Button
        kind={kind}
        size="sm"
        renderIcon={Upload}
        disabled={disabled}
        aria-controls={id}
        onClick={() => input.current?.click()}
      >
        {label}
      </Button>
      {fileName !== undefined && (
        <span className="kw-secondary" data-testid={testId}>
          {fileName || 'No file chosen'}
        </span>
      )}
      <input
        id={id}
        ref={input}
        type="file"
        accept={accept}
        hidden
        aria-label={label}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
