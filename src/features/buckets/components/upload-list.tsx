/** The uploads of this visit: a progress bar each, and a way to clear those that ended. */
import { Button, ProgressBar } from '@carbon/react';
import { hasSettled, uploadHelperText, uploadProgress, type UploadQueue } from '../upload-queue';

export function UploadList({ uploads, onClear }: { uploads: UploadQueue; onClear: () => void }) {
  if (uploads.length === 0) return null;
  return (
    <section className="kw-uploads" aria-label="Uploads">
      {uploads.map((u) => (
        <ProgressBar
          key={u.id}
          label={u.name}
          {...uploadProgress(u)}
          status={u.status}
          helperText={uploadHelperText(u)}
        />
      ))}
      {hasSettled(uploads) && (
        <Button kind="ghost" size="sm" onClick={onClear}>
          Clear finished uploads
        </Button>
      )}
    </section>
  );
}
