/**
 * The bucket page's uploads as a list of states, changed only by the pure steps below (so the
 * queue is tested without a browser): files are added as active, report bytes sent, and end
 * finished or failed; finished and failed entries clear on request, active ones never do.
 */
import { formatBytes } from '../../components/format';

export interface Upload {
  id: number;
  name: string;
  size: number;
  sent: number;
  status: 'active' | 'finished' | 'error';
  error?: string;
}

export type UploadQueue = readonly Upload[];

export function addUpload(queue: UploadQueue, id: number, file: { name: string; size: number }) {
  return [...queue, { id, name: file.name, size: file.size, sent: 0, status: 'active' as const }];
}

function change(queue: UploadQueue, id: number, update: (u: Upload) => Upload): UploadQueue {
  return queue.map((u) => (u.id === id && u.status === 'active' ? update(u) : u));
}

/** Bytes sent so far; never more than the file, never backwards. */
export function progressUpload(queue: UploadQueue, id: number, sent: number): UploadQueue {
  return change(queue, id, (u) => ({ ...u, sent: Math.min(u.size, Math.max(u.sent, sent)) }));
}

export function finishUpload(queue: UploadQueue, id: number): UploadQueue {
  return change(queue, id, (u) => ({ ...u, status: 'finished', sent: u.size }));
}

export function failUpload(queue: UploadQueue, id: number, error: string): UploadQueue {
  return change(queue, id, (u) => ({ ...u, status: 'error', error }));
}

/** Drops the finished and failed entries; uploads still running stay. */
export function clearSettled(queue: UploadQueue): UploadQueue {
  return queue.filter((u) => u.status === 'active');
}

export function hasSettled(queue: UploadQueue): boolean {
  return queue.some((u) => u.status !== 'active');
}

/** The progress bar's value and maximum (an empty file counts as one step). */
export function uploadProgress(u: Upload): { value: number; max: number } {
  if (u.size === 0) return { value: u.status === 'active' ? 0 : 1, max: 1 };
  return { value: u.sent, max: u.size };
}

export function uploadHelperText(u: Upload): string {
  if (u.status === 'error') return `Failed, nothing kept: ${u.error ?? ''}`;
  if (u.status === 'finished') return `Uploaded, ${formatBytes(u.size)}`;
  return `${formatBytes(u.sent)} of ${formatBytes(u.size)}`;
}
