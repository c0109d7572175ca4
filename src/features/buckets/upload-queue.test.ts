import { describe, expect, it } from 'vitest';
import {
  addUpload,
  clearSettled,
  failUpload,
  finishUpload,
  hasSettled,
  progressUpload,
  uploadHelperText,
  uploadProgress,
} from './upload-queue';

describe('upload queue', () => {
  const two = addUpload(addUpload([], 1, { name: 'a.txt', size: 2048 }), 2, {
    name: 'b.txt',
    size: 10,
  });

  it('adds files as active with nothing sent, and follows each one’s bytes', () => {
    expect(two.map((u) => [u.name, u.status, u.sent])).toEqual([
      ['a.txt', 'active', 0],
      ['b.txt', 'active', 0],
    ]);
    const q = progressUpload(two, 1, 1024);
    expect(q[0]?.sent).toBe(1024);
    expect(q[1]?.sent).toBe(0);
    expect(uploadHelperText(q[0]!)).toBe('1.0 KiB of 2.0 KiB');
  });

  it('never counts past the file or backwards', () => {
    const q = progressUpload(progressUpload(two, 1, 4096), 1, 10);
    expect(q[0]?.sent).toBe(2048);
  });

  it('a finished upload is complete; a failed one says nothing was kept; neither changes again', () => {
    let q = finishUpload(progressUpload(two, 1, 5), 1);
    q = failUpload(q, 2, 'The key is Disabled.');
    expect(q[0]).toMatchObject({ status: 'finished', sent: 2048 });
    expect(uploadHelperText(q[0]!)).toBe('Uploaded, 2.0 KiB');
    expect(uploadHelperText(q[1]!)).toBe('Failed, nothing kept: The key is Disabled.');
    expect(failUpload(q, 1, 'late')[0]?.status).toBe('finished');
    expect(progressUpload(q, 2, 3)[1]?.sent).toBe(0);
  });

  it('clearing drops finished and failed uploads and keeps those still running', () => {
    expect(hasSettled(two)).toBe(false);
    const q = finishUpload(two, 2);
    expect(hasSettled(q)).toBe(true);
    expect(clearSettled(q).map((u) => u.name)).toEqual(['a.txt']);
    expect(clearSettled(two)).toEqual(two);
  });

  it('an empty file shows as one step', () => {
    const q = addUpload([], 3, { name: 'empty', size: 0 });
    expect(uploadProgress(q[0]!)).toEqual({ value: 0, max: 1 });
    expect(uploadProgress(finishUpload(q, 3)[0]!)).toEqual({ value: 1, max: 1 });
  });
});
