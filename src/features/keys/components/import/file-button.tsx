/** A button that reads one chosen file, as text or as base64 of its raw bytes. */
import { Button } from '@carbon/react';
import { Upload } from '@carbon/icons-react';
import { useId, useRef } from 'react';
import { encodeBase64 } from '../../../../domain/validation';

interface FileButtonProps {
  label: string;
  /** 'text': the file's text (e.g. base64 a command wrote); 'bytes': its raw bytes, base64. */
  read: 'text' | 'bytes';
  onLoaded: (value: string) => void;
}

export function FileButton({ label, read, onLoaded }: FileButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <Button
        kind="ghost"
        size="sm"
        renderIcon={Upload}
        onClick={() => input.current?.click()}
        aria-controls={id}
      >
        {label}
      </Button>
      <input
        id={id}
        ref={input}
        type="file"
        hidden
        aria-label={label}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          void (read === 'text'
            ? file.text().then((text) => onLoaded(text.trim()))
            : file.arrayBuffer().then((buffer) => onLoaded(encodeBase64(new Uint8Array(buffer)))));
        }}
      />
    </>
  );
}
