/** The shared download helper and query-failure block, in jsdom. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../domain/errors';
import { QueryFailure } from './query-failure';
import { REVOKE_AFTER_MS, saveBlob } from './save-blob';

afterEach(() => vi.useRealTimers());

describe('saveBlob', () => {
  it('clicks a temporary link to an object URL named for the file, and revokes it later', async () => {
    vi.useFakeTimers();
    const made: Blob[] = [];
    const revoked: string[] = [];
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      made.push(blob as Blob);
      return `blob:test/${made.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });

    saveBlob('{"a":1}', 'part.json', 'application/json');
    saveBlob(new Uint8Array([1, 2, 3]), 'nonce.bin');

    expect(clicked).toEqual([
      { href: 'blob:test/1', download: 'part.json' },
      { href: 'blob:test/2', download: 'nonce.bin' },
    ]);
    expect(made.map((b) => b.type)).toEqual(['application/json', 'application/octet-stream']);
    expect(await made[0]?.text()).toBe('{"a":1}');
    expect(made[1]?.size).toBe(3);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(revoked).toEqual(['blob:test/1', 'blob:test/2']);
  });
});

describe('QueryFailure', () => {
  it('names what failed with the engine’s words, and Retry asks again', async () => {
    const refetch = vi.fn();
    const error = new EngineError(400, 'INVALID_FIELD_ERR', 'limit must be 1–5000');
    render(<QueryFailure what="key rings" query={{ error, refetch }} />);
    expect(screen.getByText('Could not load key rings: Check the input')).toBeTruthy();
    expect(screen.getByText('limit must be 1–5000')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
