/** A button that reads one chosen file, as text or as base64 of its raw bytes. */
import { FilePicker } from '../../../../components/secret-fields';
import { encodeBase64 } from '../../../../domain/validation';

interface FileButtonProps {
  label: string;
  /** 'text': the file's text (e.g. base64 a command wrote); 'bytes': its raw bytes, base64. */
  read: 'text' | 'bytes';
  onLoaded: (value: string) => void;
}

export function FileButton({ label, read, onLoaded }: FileButtonProps) {
  return (
    <FilePicker
      label={label}
      kind="ghost"
      onFile={(file) =>
        void (read === 'text'
          ? file.text().then((text) => onLoaded(text.trim()))
          : file.arrayBuffer().then((buffer) => onLoaded(encodeBase64(new Uint8Array(buffer)))))
      }
    />
  );
}
