/**
 * The connection's status cell: a pending call rejects when the connection fails, and a settled
 * call's answer is not kept (a race against one never-settling promise kept every answer).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { statusCell } from './engine-connection';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('statusCell.race', () => {
  it('answers with the call, and keeps nothing of it once settled', async () => {
    const cell = statusCell();
    cell.set({ state: 'ready' });
    let answer: WeakRef<Uint8Array> | undefined;
    await (async () => {
      const big = new Uint8Array(1024 * 1024);
      answer = new WeakRef(big);
      const result = await cell.race(Promise.resolve(big));
      expect(result).toBe(big);
    })();
    await cell.race(Promise.reject(new Error('refused'))).catch(() => undefined);
    expect(cell.waitingCount()).toBe(0);
    await turn();
    gc();
    await turn();
    gc();
    expect(answer?.deref()).toBeUndefined();
  });

  it('rejects pending calls when the connection fails, and later calls at once', async () => {
    const cell = statusCell();
    cell.set({ state: 'ready' });
    const never = new Promise<string>(() => undefined);
    const pending = cell.race(never);
    expect(cell.waitingCount()).toBe(1);
    const error = new Error('worker gone');
    cell.set({ state: 'failed', error });
    await expect(pending).rejects.toBe(error);
    expect(cell.waitingCount()).toBe(0);
    await expect(cell.race(Promise.resolve('late'))).rejects.toBe(error);
    // Failed for good: a later status does not revive it.
    cell.set({ state: 'ready' });
    expect(cell.get()).toEqual({ state: 'failed', error });
  });
});
