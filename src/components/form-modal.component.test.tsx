/** The form dialog shell, in jsdom: its buttons while idle, pending and refused. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FormModal } from './form-modal';

function renderModal(props: Partial<Parameters<typeof FormModal>[0]> = {}) {
  const onSubmit = vi.fn();
  const onClose = vi.fn();
  render(
    <FormModal
      heading="Create key ring"
      action="Create key ring"
      pendingAction="Creating…"
      pending={false}
      failure={undefined}
      onSubmit={onSubmit}
      onClose={onClose}
      {...props}
    >
      <label>
        Key ring ID <input />
      </label>
    </FormModal>,
  );
  return { onSubmit, onClose };
}

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

describe('FormModal', () => {
  it('names the action, submits with it and closes with Cancel', async () => {
    const { onSubmit, onClose } = renderModal();
    expect(screen.getByRole('heading', { name: 'Create key ring' })).toBeTruthy();
    expect(screen.getByLabelText('Key ring ID')).toBeTruthy();
    await userEvent.click(button('Create key ring'));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    await userEvent.click(button('Cancel'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('while the call runs, says so and cannot be pressed again', async () => {
    const { onSubmit } = renderModal({ pending: true });
    expect(screen.queryByRole('button', { name: 'Create key ring' })).toBeNull();
    expect(button('Creating…').disabled).toBe(true);
    await userEvent.click(button('Creating…'));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('is off for another reason the caller gives, and shows a failed call below the fields', () => {
    renderModal({
      disabled: true,
      failure: { title: 'Key ring exists', detail: 'Choose another ID.' },
    });
    expect(button('Create key ring').disabled).toBe(true);
    expect(screen.getByText('Key ring exists')).toBeTruthy();
    expect(screen.getByText('Choose another ID.')).toBeTruthy();
  });
});
