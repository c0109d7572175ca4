/**
 * Streaming an object through the engine. Upload reads the File a chunk at a time
 * (`file.slice`) and hands each chunk's buffer to the engine by transfer, a few in flight; any
 * failure aborts the upload, so nothing is left behind. Download keeps a few chunk reads in flight
 * and assembles their parts strictly in order (progress too); any failed chunk rejects the
 * download, so no partial Blob is ever returned. The worker holds only the chunks in flight.
 */
import type { CallContext } from '../../../domain/api';
import type { StoredObject } from '../../../domain/storage';
import { keywardClient } from '../../../client/keyward-client';

/** Upload chunks being read, sent or sealed at once. */
const IN_FLIGHT = 3;
/** Download chunks requested ahead of the one being assembled. */
const READS_IN_FLIGHT = 3;

export async function uploadFile(
  ctx: CallContext,
  bucket: string,
  file: Blob & { name: string; type: string },
  onProgress: (sentBytes: number) => void,
  name = file.name,
): Promise<StoredObject> {
  const api = keywardClient();
  const ticket = await api.beginUpload(ctx, bucket, name, {
    size: file.size,
    ...(file.type ? { contentType: file.type } : {}),
  });
  let sent = 0;
  let next = 0;
  try {
    const worker = async () => {
      while (next < ticket.chunkCount) {
        const index = next++;
        const start = index * ticket.chunkSize;
        const buffer = await file.slice(start, start + ticket.chunkSize).arrayBuffer();
        const length = buffer.byteLength;
        await api.putUploadChunk(ctx, ticket.uploadId, index, buffer);
        sent += length;
        onProgress(sent);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ticket.chunkCount) }, worker));
    return await api.completeUpload(ctx, ticket.uploadId);
  } catch (error) {
    // The engine drops a failed upload itself; an abort covers failures on this side (a file
    // that could not be read). It may find the upload already gone.
    await api.abortUpload(ctx, ticket.uploadId).catch(() => undefined);
    throw error;
  }
}

export async function downloadObject(
  ctx: CallContext,
  bucket: string,
  name: string,
  onProgress?: (receivedBytes: number) => void,
): Promise<Blob> {
  const api = keywardClient();
  const head = await api.headObject(ctx, bucket, name);
  const count = head.chunkCount;
  // Reads in flight, oldest (the next chunk to assemble) first.
  const queue: Promise<ArrayBuffer>[] = [];
  let requested = 0;
  const request = () => {
    const read = api.getObjectChunk(ctx, bucket, name, requested++);
    // Marked handled at once: when an earlier chunk fails, the download rejects with that error,
    // and a later read's failure, never awaited, must not surface as an unhandled rejection.
    read.catch(() => undefined);
    queue.push(read);
  };
  while (requested < Math.min(READS_IN_FLIGHT, count)) request();
  // Each chunk becomes a Blob as it arrives: the browser holds its bytes, not this page's heap,
  // and the chunk's buffer can be collected at once.
  const parts: Blob[] = [];
  let received = 0;
  for (let read = queue.shift(); read; read = queue.shift()) {
    const part = await read; // in order, whatever order the reads finish in
    if (requested < count) request();
    parts.push(new Blob([part]));
    received += part.byteLength;
    onProgress?.(received);
  }
  return new Blob(parts, { type: head.contentType });
}
