/** The password field and the file picker of the secret-taking forms, in jsdom. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { FilePicker, PasswordField } from './secret-fields';

function Passphrase({ showProblem }: { showProblem: boolean }) {
  const [value, setValue] = useState('');
  return (
    <PasswordField
      id="p"
      label="Passphrase"
      purpose="new"
      value={value}
      onChange={setValue}
      problem={value.length < 4 ? 'Use at least 4 characters.' : undefined}
      showProblem={showProblem}
    />
  );
}

describe('PasswordField', () => {
  it('a new secret may be kept by the browser; its problem shows only once asked for', async () => {
    const { rerender } = render(<Passphrase showProblem={false} />);
    const input = screen.getByLabelText<HTMLInputElement>('Passphrase');
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('new-password');
    await userEvent.type(input, 'ab');
    expect(screen.queryByText('Use at least 4 characters.')).toBeNull();
    rerender(<Passphrase showProblem />);
    expect(screen.getByText('Use at least 4 characters.')).toBeTruthy();
    await userEvent.type(input, 'cd');
    expect(input.value).toBe('abcd');
    expect(screen.queryByText('Use at least 4 characters.')).toBeNull();
  });

  it('an existing secret is not offered for autofill', () => {
    render(
      <PasswordField id="q" label="Password" purpose="existing" value="" onChange={vi.fn()} />,
    );
    expect(screen.getByLabelText<HTMLInputElement>('Password').autocomplete).toBe('off');
  });
});

describe('FilePicker', () => {
  it('hands over the chosen file, shows its name, and sees the same file chosen again', async () => {
    const chosen: string[] = [];
    function Picker() {
      const [name, setName] = useState('');
      return (
        <FilePicker
          label="Choose backup file"
          fileName={name}
          testId="name"
          onFile={(file) => {
            chosen.push(file.name);
            setName(file.name);
          }}
        />
      );
    }
    render(<Picker />);
    expect(screen.getByTestId('name').textContent).toBe('No file chosen');
    const input = document.querySelector<HTMLInputElement>('input[type=file]');
    if (!input) throw new Error('no file input');
    const file = new File(['x'], 'account.kwbackup');
    await userEvent.upload(input, file);
    await userEvent.upload(input, file);
    expect(chosen).toEqual(['account.kwbackup', 'account.kwbackup']);
    expect(screen.getByTestId('name').textContent).toBe('account.kwbackup');
    expect(input.value).toBe('');
  });

  it('a disabled picker opens nothing', () => {
    render(<FilePicker label="Choose part file" disabled onFile={vi.fn()} />);
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Choose part file' }).disabled,
    ).toBe(true);
  });
});
