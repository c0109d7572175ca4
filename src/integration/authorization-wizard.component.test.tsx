/**
 * The authorization wizard rendered against a real engine in this thread: with one storage
 * instance the wizard starts at the target (the source is a fact of the review); the scope is
 * picked from the target's key rings and from its root keys searched by name or alias (the
 * engine's search), never typed as an id; a step says what is missing when the user tries to
 * leave it; the review says in words what will be allowed; a refusal is shown in the review; and
 * for a Writer Authorize is disabled with the reason.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../engine/test/harness';
import { Component as AuthorizationWizard } from '../features/authorizations/components/authorization-wizard';
import { closeConsole, renderConsole } from './render-console';

afterEach(closeConsole);

async function seed(h: Harness) {
  const ctx = h.as('manager');
  await h.engine.createKeyRing(ctx, 'team-a');
  await h.engine.createKey(ctx, {
    name: 'payroll-root',
    extractable: false,
    aliases: ['salaries'],
  });
  await h.engine.createKey(ctx, { name: 'photos-root', extractable: false, aliases: ['pics'] });
  await h.engine.createKey(ctx, { name: 'salaries-standard', extractable: true });
}

const next = () => userEvent.setup().click(screen.getByRole('button', { name: 'Next' }));

async function chooseTarget(label: RegExp) {
  const select = await screen.findByLabelText<HTMLSelectElement>('Target instance');
  const option = [...select.options].find((o) => label.test(o.textContent ?? ''));
  if (!option) throw new Error(`no target ${String(label)}`);
  await userEvent.setup().selectOptions(select, option.value);
}

/** The options of the open picker's list (not the target select's). */
const optionNames = () =>
  screen
    .queryAllByRole('listbox')
    .flatMap((list) => within(list).queryAllByRole('option'))
    .map((o) => o.textContent ?? '');

describe('authorization wizard', () => {
  it('one storage instance is no step; a ring is picked from the target’s rings; the review says what is allowed', async () => {
    const { h } = await renderConsole(<AuthorizationWizard />, { persona: 'admin', seed });
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: '1. Target and scope' })).toBeTruthy();
    expect(screen.queryByLabelText('Source instance')).toBeNull();

    await next();
    expect(await screen.findByText('Choose the instance whose keys it may use.')).toBeTruthy();
    await chooseTarget(/^Key Protect/);
    await user.click(screen.getByLabelText('The keys of one key ring'));
    await next();
    expect(await screen.findByText('Choose the key ring whose keys it may use.')).toBeTruthy();

    // The rings of the instance, as the engine lists them; typing narrows the list.
    const ring = await screen.findByRole('combobox', { name: 'Key ring' });
    await waitFor(() => expect((ring as HTMLInputElement).disabled).toBe(false));
    await user.click(ring);
    await waitFor(() => expect(optionNames()).toEqual(['default', 'team-a']));
    await user.type(ring, 'team');
    expect(optionNames()).toEqual(['team-a']);
    await user.click(screen.getByRole('option', { name: 'team-a' }));
    await next();

    expect(await screen.findByRole('heading', { name: '2. Review' })).toBeTruthy();
    expect(screen.getByTestId('authorization-allowance').textContent).toBe(
      'Cloud Object Storage instance "Cloud Object Storage" may wrap and unwrap its data encryption keys with the root keys in key ring "team-a" of Key Protect instance "Key Protect". It may not create, change or delete keys.',
    );
    const review = within(screen.getByRole('table', { name: 'Review the authorization' }));
    expect(review.getByText(/the only object storage instance/)).toBeTruthy();
    expect(review.getByText(/the only role a service authorization grants/)).toBeTruthy();

    // Back keeps the pick.
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(
      (await screen.findByRole<HTMLInputElement>('combobox', { name: 'Key ring' })).value,
    ).toBe('team-a');
    await next();

    // The ring goes before Authorize: the engine's refusal is shown here, in the review.
    await h.engine.deleteKeyRing(h.as('manager'), 'team-a');
    await user.click(screen.getByRole('button', { name: 'Authorize' }));
    expect(
      await screen.findByText(/Key ring "team-a" does not exist in "Key Protect"/),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Change target and scope' })).toBeTruthy();
  });

  it('a key is picked by searching its alias; the list shows name, alias and state; root keys only', async () => {
    const { h } = await renderConsole(<AuthorizationWizard />, { persona: 'admin', seed });
    const user = userEvent.setup();
    await chooseTarget(/^Key Protect/);
    await user.click(screen.getByLabelText('One root key'));
    await next();
    expect(await screen.findByText('Choose the root key it may use.')).toBeTruthy();

    const picker = screen.getByRole('combobox', { name: 'Root key' });
    await user.click(picker);
    // Both root keys; the standard key is not offered.
    await waitFor(() => expect(optionNames()).toHaveLength(2));
    expect(optionNames().join(' | ')).not.toContain('salaries-standard');
    await user.type(picker, 'pics');
    await waitFor(() => expect(optionNames()).toEqual(['photos-rootAlias pics · Enabled']));
    await user.clear(picker);
    await user.type(picker, 'salaries');
    await waitFor(() => expect(optionNames()).toEqual(['payroll-rootAlias salaries · Enabled']));
    await user.click(screen.getByRole('option', { name: /payroll-root/ }));
    expect((picker as HTMLInputElement).value).toBe('payroll-root (alias salaries), enabled');
    await next();

    expect(screen.getByTestId('authorization-allowance').textContent).toContain(
      'with the root key "payroll-root" of Key Protect instance "Key Protect"',
    );
    await user.click(screen.getByRole('button', { name: 'Authorize' }));
    await waitFor(async () =>
      expect((await h.engine.listAuthorizations(h.as('admin'))).total).toBe(1),
    );
    const [made] = (await h.engine.listAuthorizations(h.as('admin'))).authorizations;
    const key = (await h.engine.listKeys(h.as('admin'), { search: 'payroll-root' })).keys[0];
    expect(made?.keyId).toBe(key?.id);
  });

  it('a search that matches nothing says so', async () => {
    await renderConsole(<AuthorizationWizard />, { persona: 'admin', seed });
    const user = userEvent.setup();
    await chooseTarget(/^Key Protect/);
    await user.click(screen.getByLabelText('One root key'));
    await user.type(screen.getByRole('combobox', { name: 'Root key' }), 'nothing-like-it');
    expect(await screen.findByText('No root key matches “nothing-like-it”.')).toBeTruthy();
  });

  it('with two storage instances the source is a step, nothing chosen for the user', async () => {
    await renderConsole(<AuthorizationWizard />, {
      persona: 'admin',
      seed: (h) =>
        h.engine.createInstance(h.as('admin'), { kind: 'cos', name: 'Backups', region: 'eu-de' }),
    });
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: '1. Source' })).toBeTruthy();
    const source = await screen.findByLabelText<HTMLSelectElement>('Source instance');
    expect(source.value).toBe('');
    await next();
    expect(
      await screen.findByText('Choose the object storage instance that will use the keys.'),
    ).toBeTruthy();
    const backups = [...source.options].find((o) => o.textContent === 'Backups · eu-de');
    await user.selectOptions(source, backups?.value ?? '');
    await next();
    await chooseTarget(/^Key Protect/);
    await next();
    expect(await screen.findByRole('heading', { name: '3. Review' })).toBeTruthy();
    expect(screen.getByTestId('authorization-allowance').textContent).toMatch(
      /^Cloud Object Storage instance "Backups" may wrap/,
    );
    expect(screen.queryByText(/the only object storage instance/)).toBeNull();
  });

  it('for a Writer, Authorize is disabled with the reason: Administrators only', async () => {
    await renderConsole(<AuthorizationWizard />, { persona: 'writer', seed });
    expect(await screen.findByText('Administrators only')).toBeTruthy();
    await chooseTarget(/^Key Protect/);
    await next();
    expect(await screen.findByRole('heading', { name: '2. Review' })).toBeTruthy();
    const authorize = screen.getByRole<HTMLButtonElement>('button', { name: 'Authorize' });
    expect(authorize.disabled).toBe(true);
    const reasonId = authorize.closest('.kw-gated')?.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(reasonId)?.textContent).toBe(
      'Wren Writer may not manage access: this needs the Administrator role.',
    );
  });
});
