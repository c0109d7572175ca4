/**
 * The bucket page's objects table and upload list in jsdom: Download disabled with the key's
 * problem as its reason while the key refuses reads (not a toast after a click); Delete gated by
 * role; finished uploads clear, running ones stay.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { KeyState } from '../../../domain/key-state';
import type { StoredObject } from '../../../domain/storage';
import { NotificationsProvider } from '../../../components/notifications';
import { testBucket } from '../test-bucket';
import { addUpload, finishUpload } from '../upload-queue';
import { ObjectsTable } from './objects-table';
import { UploadList } from './upload-list';

const problem = 'The root key “photos-root” of bucket “photos” is Disabled: reads are refused.';

function bucket(state: KeyState) {
  return testBucket(
    {
      reachable: true,
      state,
      name: 'photos-root',
      ...(state === KeyState.Active ? {} : { problem }),
    },
    1,
  );
}

const object: StoredObject = {
  bucket: 'photos',
  name: 'notes.txt',
  size: 5,
  contentType: 'text/plain',
  chunkSize: 1024,
  chunkCount: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'user-writer',
};

function table(state: KeyState, writer: boolean) {
  return render(
    <NotificationsProvider>
      <ObjectsTable
        ctx={{ userId: 'user-reader', instanceId: 'cos-1' }}
        bucket={bucket(state)}
        list={{ objects: [object], total: 1 }}
        deletePermission={
          writer ? { allowed: true } : { allowed: false, needs: 'Writer', reason: undefined }
        }
        onDelete={() => undefined}
      />
    </NotificationsProvider>,
  );
}

describe('objects table', () => {
  it('a disabled key: Download is disabled and says why', () => {
    table(KeyState.Suspended, true);
    const download = screen.getByRole('button', { name: /^Download/ });
    expect((download as HTMLButtonElement).disabled).toBe(true);
    expect(download.closest('.kw-gated')?.textContent).toContain(`Cannot be read: ${problem}`);
  });

  it('an active key (or an expired one, read-only): Download is enabled', () => {
    table(KeyState.Active, true);
    expect((screen.getByRole('button', { name: /^Download/ }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('a Reader: Delete is disabled naming the Writer role; Download stays', () => {
    table(KeyState.Deactivated, false);
    const del = screen.getByRole('button', { name: /^Delete/ });
    expect((del as HTMLButtonElement).disabled).toBe(true);
    expect(del.closest('.kw-gated')?.textContent).toContain('This needs the Writer role.');
    expect((screen.getByRole('button', { name: /^Download/ }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });
});

describe('upload list', () => {
  it('offers to clear only once an upload has ended', async () => {
    const onClear = vi.fn();
    const running = addUpload(addUpload([], 1, { name: 'a.txt', size: 10 }), 2, {
      name: 'b.txt',
      size: 2048,
    });
    const { rerender } = render(<UploadList uploads={running} onClear={onClear} />);
    expect(screen.queryByRole('button', { name: 'Clear finished uploads' })).toBeNull();
    rerender(<UploadList uploads={finishUpload(running, 2)} onClear={onClear} />);
    expect(screen.getByText('Uploaded, 2.0 KiB')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear finished uploads' }));
    expect(onClear).toHaveBeenCalledOnce();
  });

  it('shows nothing when there are no uploads', () => {
    const { container } = render(<UploadList uploads={[]} onClear={() => undefined} />);
    expect(container.textContent).toBe('');
  });
});
