/**
 * Streaming an object through the engine. Upload reads the File a chunk at a time
 * (`file.slice`) and hands each chunk's buffer to the engine by transfer, a few in flight; any
 * failure aborts the upload, so nothing is left behind. Download fetches chunks in order and
 * assembles a Blob of them, so the worker holds one chunk at a time.
 */
import type { CallContext } from '../../../domain/api';
import type { StoredObject } from '../../../domain/storage';
import { keywardClient } from '../../../client/keyward-client';

const IN_FLIGHT = 3;

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
  const parts: ArrayBuffer[] = [];
  let received = 0;
  for (let i = 0; i < head.chunkCount; i++) {
    const part = await api.getObjectChunk(ctx, bucket, name, i);
    parts.push(part);
    received += part.byteLength;
    onProgress?.(received);
  }
  return new Blob(parts, { type: head.contentType });
}
