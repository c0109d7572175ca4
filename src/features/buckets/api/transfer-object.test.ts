/**
 * Download's pipelining against a scripted engine client: a few chunk reads in flight, parts and
 * progress strictly in order whatever order the reads finish in, and a failed chunk rejecting the
 * download (no partial Blob) without a later read's failure going unhandled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredObject } from '../../../domain/storage';

interface Read {
  index: number;
  resolve: (bytes: ArrayBuffer) => void;
  reject: (error: unknown) => void;
}

const reads: Read[] = [];
const api = {
  headObject: vi.fn(),
  // Not a vi.fn: a mock records its promises' outcomes, which would mark every rejection handled.
  getObjectChunk: (_ctx: unknown, _bucket: string, _name: string, index: number) =>
    new Promise<ArrayBuffer>((resolve, reject) => reads.push({ index, resolve, reject })),
};

vi.mock('../../../client/keyward-client', () => ({ keywardClient: () => api }));

const { downloadObject } = await import('./transfer-object');

const ctx = { userId: 'user-reader', instanceId: 'cos-1' };
const CHUNK = 4;

function head(chunkCount: number, size = chunkCount * CHUNK): StoredObject {
  return {
    bucket: 'photos',
    name: 'big.bin',
    size,
    contentType: 'application/x-test',
    chunkSize: CHUNK,
    chunkCount,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user-writer',
  };
}

/** Chunk `index`'s bytes: every byte is the index (the last chunk may be shorter). */
const bytesOf = (index: number, length = CHUNK) => new Uint8Array(length).fill(index).buffer;

/** Lets every settled promise's continuations run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function pending(index: number): Read {
  const read = reads.find((r) => r.index === index);
  if (!read) throw new Error(`chunk ${index} was not requested`);
  return read;
}

const requested = () => reads.map((r) => r.index);

let unhandled: unknown[];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  reads.length = 0;
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('downloadObject', () => {
  it('keeps three reads in flight and assembles the parts in order when they finish out of order', async () => {
    api.headObject.mockResolvedValue(head(6, 5 * CHUNK + 2));
    const progress: number[] = [];
    const download = downloadObject(ctx, 'photos', 'big.bin', (n) => progress.push(n));
    await settle();
    expect(requested()).toEqual([0, 1, 2]);

    // Chunks 2 and 1 finish before 0: nothing is reported, and nothing more is requested.
    pending(2).resolve(bytesOf(2));
    pending(1).resolve(bytesOf(1));
    await settle();
    expect(progress).toEqual([]);
    expect(requested()).toEqual([0, 1, 2]);

    // Chunk 0 arrives: 0, 1 and 2 are taken in order, and reads move ahead to 3, 4, 5.
    pending(0).resolve(bytesOf(0));
    await settle();
    expect(progress).toEqual([CHUNK, 2 * CHUNK, 3 * CHUNK]);
    expect(requested()).toEqual([0, 1, 2, 3, 4, 5]);

    pending(5).resolve(bytesOf(5, 2));
    pending(4).resolve(bytesOf(4));
    await settle();
    expect(progress).toHaveLength(3);
    pending(3).resolve(bytesOf(3));

    const blob = await download;
    expect(progress).toEqual([1, 2, 3, 4, 5].map((n) => n * CHUNK).concat(5 * CHUNK + 2));
    expect(blob.type).toBe('application/x-test');
    expect(Array.from(new Uint8Array(await blob.arrayBuffer()))).toEqual(
      [0, 1, 2, 3, 4].flatMap((i) => Array<number>(CHUNK).fill(i)).concat([5, 5]),
    );
    // Each chunk was read exactly once.
    expect(requested().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads a small object whole without asking for chunks it does not have', async () => {
    api.headObject.mockResolvedValue(head(1, 3));
    const download = downloadObject(ctx, 'photos', 'big.bin');
    await settle();
    expect(requested()).toEqual([0]);
    pending(0).resolve(bytesOf(0, 3));
    expect((await download).size).toBe(3);

    api.headObject.mockResolvedValue(head(0, 0));
    const empty = await downloadObject(ctx, 'photos', 'big.bin');
    expect(empty.size).toBe(0);
    expect(requested()).toEqual([0]);
  });

  it('rejects with the first failed chunk’s error, and later failures go unhandled nowhere', async () => {
    api.headObject.mockResolvedValue(head(8));
    const progress: number[] = [];
    const download = downloadObject(ctx, 'photos', 'big.bin', (n) => progress.push(n));
    const outcome = download.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await settle();
    pending(0).resolve(bytesOf(0));
    await settle();
    expect(requested()).toEqual([0, 1, 2, 3]);

    // Chunk 3 fails first (it is not awaited yet), then chunk 1 (the one being waited for).
    const keyDisabled = new Error('KEY_ACTION_INVALID_STATE_ERR: the key is disabled');
    pending(3).reject(new Error('chunk 3 failed too'));
    await settle();
    pending(1).reject(keyDisabled);
    await settle();
    expect(await outcome).toBe(keyDisabled);
    // Chunk 2 fails after the download already rejected.
    pending(2).reject(new Error('chunk 2 failed after the download rejected'));
    await settle();
    await settle();

    expect(progress).toEqual([CHUNK]);
    // No read is started once a chunk has failed.
    expect(requested()).toEqual([0, 1, 2, 3]);
    expect(unhandled).toEqual([]);
  });

  it('rejects when the object cannot be found, reading no chunk', async () => {
    const notFound = new Error('OBJECT_NOT_FOUND_ERR');
    api.headObject.mockRejectedValue(notFound);
    await expect(downloadObject(ctx, 'photos', 'gone.bin')).rejects.toBe(notFound);
    expect(requested()).toEqual([]);
  });
});
