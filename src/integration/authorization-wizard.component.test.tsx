/**
 * The authorization wizard rendered against a real engine in this thread: a step says what is
 * missing when the user tries to leave it, and for a Manager (not an Administrator) Authorize is
 * disabled with the reason.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Component as AuthorizationWizard } from '../features/authorizations/components/authorization-wizard';
import { closeConsole, renderConsole } from './render-console';

afterEach(closeConsole);

describe('authorization wizard', () => {
  it('says what each step misses, and keeps the choices going back', async () => {
    await renderConsole(<AuthorizationWizard />, { persona: 'admin' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText('Choose the object storage instance that will use the keys.'),
    ).toBeTruthy();

    const source = await screen.findByLabelText<HTMLSelectElement>('Source instance');
    const cos = [...source.options].find((o) => o.value !== '');
    if (!cos) throw new Error('the demo account has no object storage instance');
    await user.selectOptions(source, cos.value);
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await user.click(screen.getByLabelText('The keys of one key ring'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Choose the instance whose keys it may use.')).toBeTruthy();
    expect(screen.getByLabelText('Key ring id').getAttribute('aria-invalid')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText<HTMLSelectElement>('Source instance').value).toBe(cos.value);
  });

  it('a Manager reaches the review, where Authorize is disabled: Administrators only', async () => {
    await renderConsole(<AuthorizationWizard />, { persona: 'manager' });
    const user = userEvent.setup();
    expect(await screen.findByText('Administrators only')).toBeTruthy();
    const pick = async (label: string) => {
      const select = await screen.findByLabelText<HTMLSelectElement>(label);
      const first = [...select.options].find((o) => o.value !== '');
      if (!first) throw new Error(`no choice for ${label}`);
      await user.selectOptions(select, first.value);
      await user.click(screen.getByRole('button', { name: 'Next' }));
    };
    await pick('Source instance');
    await pick('Target instance');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { name: '4. Review' })).toBeTruthy();
    const authorize = screen.getByRole<HTMLButtonElement>('button', { name: 'Authorize' });
    expect(authorize.disabled).toBe(true);
    const reasonId = authorize.closest('.kw-gated')?.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(reasonId)?.textContent).toMatch(/Administrator/);
  });
});
