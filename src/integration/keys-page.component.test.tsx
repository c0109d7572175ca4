/**
 * The keys page rendered in jsdom against a real engine in this thread: the create-key form's
 * validation messages, Create key disabled with its reason for a Reader, and the engine's
 * refusal shown in the form.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Component as KeysPage } from '../features/keys/components/keys-page';
import { closeConsole, renderConsole } from './render-console';

afterEach(closeConsole);

/** The page's own Create key button (Carbon keeps a closed modal, and its buttons, in the DOM). */
function pageButton(name: string): HTMLButtonElement {
  const outside = screen
    .getAllByRole<HTMLButtonElement>('button', { name })
    .filter((b) => !b.closest('.cds--modal'));
  expect(outside).toHaveLength(1);
  return outside[0] as HTMLButtonElement;
}

/** Whether a Carbon modal is open (shown), not just mounted. */
const isOpen = (dialog: HTMLElement) =>
  dialog.closest('.cds--modal')?.classList.contains('is-visible') ?? false;

async function openCreateForm() {
  const user = userEvent.setup();
  await waitFor(() => expect(pageButton('Create key').disabled).toBe(false));
  await user.click(pageButton('Create key'));
  const dialog = screen.getByRole('dialog', { name: /Create key/ });
  await waitFor(() => expect(isOpen(dialog)).toBe(true));
  return { user, dialog };
}

describe('keys page', () => {
  it('the create-key form says what is wrong with the name and aliases, then creates the key', async () => {
    await renderConsole(<KeysPage />, { path: '/keys' });
    const { user, dialog } = await openCreateForm();
    const form = within(dialog);

    await user.click(form.getByRole('button', { name: 'Create key' }));
    expect(await form.findByText(/^Name: /)).toBeTruthy();

    await user.type(form.getByLabelText('Name'), 'p');
    expect(form.getByText(/^Name: /).textContent).toBe('Name: use 2–90 characters (this has 1).');

    await user.clear(form.getByLabelText('Name'));
    await user.type(form.getByLabelText('Name'), 'payroll-root');
    expect(form.queryByText(/^Name: /)).toBeNull();

    await user.type(form.getByLabelText('Aliases (optional)'), 'payroll, payroll');
    expect(form.getByText('List each alias once.')).toBeTruthy();
    await user.clear(form.getByLabelText('Aliases (optional)'));
    await user.type(form.getByLabelText('Aliases (optional)'), 'payroll');

    await user.click(form.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(isOpen(dialog)).toBe(false));
    expect(await screen.findByRole('link', { name: 'payroll-root' })).toBeTruthy();
  });

  it('a Reader sees Create key disabled, with the role that would allow it', async () => {
    await renderConsole(<KeysPage />, { path: '/keys', persona: 'reader' });
    await waitFor(() => {
      const button = pageButton('Create key');
      expect(button.disabled).toBe(true);
      const reasonId = button.closest('.kw-gated')?.getAttribute('aria-describedby') ?? '';
      expect(document.getElementById(reasonId)?.textContent).toBe(
        'Rhea Reader may not create, import and rotate keys on this instance: this needs the Writer role.',
      );
    });
  });

  it('an alias another key holds: the form shows the engine’s refusal and keeps what was typed', async () => {
    await renderConsole(<KeysPage />, {
      path: '/keys',
      seed: (h) =>
        h.engine.createKey(h.as('manager'), {
          name: 'first-key',
          extractable: false,
          aliases: ['payroll'],
        }),
    });
    const { user, dialog } = await openCreateForm();
    const form = within(dialog);
    await user.type(form.getByLabelText('Name'), 'second-key');
    await user.type(form.getByLabelText('Aliases (optional)'), 'payroll');
    await user.click(form.getByRole('button', { name: 'Create key' }));

    expect(await form.findByText('Alias already in use')).toBeTruthy();
    expect(form.getByText(/payroll/, { selector: '.cds--inline-notification *' })).toBeTruthy();
    expect((form.getByLabelText('Name') as HTMLInputElement).value).toBe('second-key');
  });
});
