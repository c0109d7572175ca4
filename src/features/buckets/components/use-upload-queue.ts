/** The bucket page's upload queue: starts each file's upload and follows it (upload-queue.ts). */
import { useState } from 'react';
import type { CallContext } from '../../../domain/api';
import { errorMessage } from '../../../client/error-message';
import { uploadFile } from '../api/transfer-object';
import {
  addUpload,
  clearSettled,
  failUpload,
  finishUpload,
  progressUpload,
  type UploadQueue,
} from '../upload-queue';

let nextId = 1;

export function useUploadQueue(ctx: CallContext, bucket: string) {
  const [uploads, setUploads] = useState<UploadQueue>([]);
  const start = (files: File[]) => {
    for (const file of files) {
      const id = nextId++;
      setUploads((queue) => addUpload(queue, id, file));
      uploadFile(ctx, bucket, file, (sent) => setUploads((q) => progressUpload(q, id, sent)))
        .then(() => setUploads((q) => finishUpload(q, id)))
        .catch((error: unknown) =>
          setUploads((q) => failUpload(q, id, errorMessage(error).detail)),
        );
    }
  };
  const clear = () => setUploads(clearSettled);
  return { uploads, start, clear };
}
