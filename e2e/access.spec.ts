/**
 * The Access page in real Chromium: an Administrator adds a user (validated as typed), gives them
 * Writer on one key ring, and the user then sees and may do exactly that; "what can this user
 * do?" agrees with the engine for every action; revoking takes the access away; the last
 * Administrator stays; non-Administrators see every control disabled with the reason and the
 * engine refuses them.
 */
import { expect, test } from './fixtures';

test('a user given Writer on one ring sees and may do exactly that', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  // A long journey (add, assign, check, act as, revoke): ~25 s alone, over 30 s on a loaded machine.
  test.setTimeout(90_000);
  await shell.openPage('/access', 'Access');
  const manager = await engine.kms('user-manager');
  await engine.createKeyRing('team-a');
  await engine.createKey({ name: 'default-key' });
  await engine.createKey({ name: 'team-key', keyRingID: 'team-a' });
  await shell.actAs('Ada Admin');
  await axe.expectNoSerious();

  // Add the user: the form says what is wrong as it is typed.
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add user' });
  await add.getByLabel('Name').fill('Nia New');
  await add.getByLabel('Email').fill('nia@example');
  await expect(add.getByText('Enter an address such as name@example.com.')).toBeVisible();
  await add.getByLabel('Email').fill('max.manager@keyward.example');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByText(/Max Manager already uses the email address/)).toBeVisible();
  await add.getByLabel('Email').fill('nia@example.com');
  await axe.expectNoSerious();
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add).toBeHidden();
  const users = page.getByRole('table', { name: 'Users', exact: true });
  await expect(users.getByRole('row').filter({ hasText: 'Nia New' })).toContainText('No access');

  // Writer on ring team-a; the ring id is checked as typed.
  await page.getByRole('button', { name: 'Assign role to Nia New' }).click();
  const grant = page.getByRole('dialog', { name: 'Assign role' });
  await grant.getByLabel('Role').selectOption('Writer');
  await expect(grant.getByText(/create, import and rotate keys/)).toBeVisible();
  await grant.getByText('One key ring').click();
  await grant.getByLabel('Key ring id').fill('team a');
  await expect(grant.getByText('Use only letters, digits and "-".')).toBeVisible();
  await grant.getByLabel('Key ring id').fill('team-a');
  await axe.expectNoSerious();
  await grant.getByRole('button', { name: 'Assign role' }).click();
  await expect(grant).toBeHidden();
  await expect(
    page.getByText('Nia New now has Writer on Key Protect › key ring team-a'),
  ).toBeVisible();
  await expect(users.getByRole('row').filter({ hasText: 'Nia New' })).toContainText(
    'Writer on Key Protect › key ring team-a',
  );

  // What can Nia do on ring team-a? Write yes, manage no — before acting as her.
  await page.getByLabel('User', { exact: true }).selectOption({ label: 'Nia New' });
  await page.getByRole('group', { name: 'Scope' }).getByText('Key ring').click();
  await page.getByLabel('Key ring id').fill('team-a');
  await expect(page.getByTestId('check-write')).toHaveAttribute('data-allowed', 'true');
  await expect(page.getByTestId('check-write')).toContainText(
    'Allowed by Writer on key ring "team-a"',
  );
  await expect(page.getByTestId('check-manage')).toHaveAttribute('data-allowed', 'false');
  await expect(page.getByTestId('check-manage')).toContainText('this needs the Manager role');
  await axe.expectNoSerious();

  // Acting as Nia: exactly ring team-a, exactly Writer.
  await shell.actAs('Nia New');
  await expect(page.getByTestId('acting-user')).toContainText('Nia New · Writer (ring team-a)');
  await page.getByRole('link', { name: 'Keys' }).first().click();
  const keys = page.getByRole('table', { name: 'Keys' });
  await expect(keys.getByRole('row').filter({ hasText: 'team-key' })).toBeVisible();
  await expect(keys.getByRole('row').filter({ hasText: 'default-key' })).toHaveCount(0);
  await keys.getByRole('button', { name: 'Actions for team-key' }).click();
  await expect(page.getByRole('menuitem', { name: 'Disable (needs Manager)' })).toBeDisabled();
  await expect(page.getByRole('menuitem', { name: /^Rotate/ })).toBeEnabled();
  await page.keyboard.press('Escape');
  const nia = await page.evaluate(async () => {
    const s = await window.keyward.getSession();
    return s.users.find((u) => u.name === 'Nia New')?.id ?? '';
  });
  const niaCtx = { userId: nia, instanceId: manager.instanceId };
  const outcomes = [
    await engine.code(niaCtx, 'createKey', [
      { name: 'mine', extractable: false, keyRingID: 'team-a' },
    ]),
    await engine.code(niaCtx, 'createKey', [{ name: 'not mine', extractable: false }]),
  ];
  expect(outcomes).toEqual(['ok', 'UNAUTHORIZED_ERR']);

  // Revoked: nothing any more.
  await shell.actAs('Ada Admin');
  await page.getByRole('link', { name: 'Access' }).first().click();
  await page
    .getByRole('button', { name: 'Revoke Writer on Key Protect › key ring team-a from Nia New' })
    .click();
  const revoke = page.getByRole('dialog', { name: 'Revoke access' });
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke).toBeHidden();
  await expect(users.getByRole('row').filter({ hasText: 'Nia New' })).toContainText('No access');
  const after = await engine.code(niaCtx, 'listKeys');
  expect(after).toBe('UNAUTHORIZED_ERR');
});

test('"what can this user do?" agrees with the engine for every action', async ({
  page,
  engine,
  shell,
}) => {
  await shell.openPage('/access', 'Access');
  const manager = await engine.kms('user-manager');
  await engine.createKeyRing('team-a');
  const setup = await page.evaluate(async (m) => {
    const admin = { userId: 'user-admin', instanceId: m.instanceId };
    const user = await window.keyward.addUser(admin, {
      name: 'Cleo Check',
      email: 'cleo@example.com',
    });
    for (const [role, keyRingID] of [
      ['Writer', 'team-a'],
      ['KeyPurge', undefined],
    ] as const)
      await window.keyward.grantAccess(admin, {
        userId: user.id,
        role,
        scope: { instanceId: m.instanceId, ...(keyRingID ? { keyRingID } : {}) },
      });
    const make = (name: string, extractable: boolean) =>
      window.keyward.createKey(m, { name, extractable, keyRingID: 'team-a' });
    const root = await make('root', false);
    const standard = await make('standard', true);
    const dual = await make('dual', false);
    await window.keyward.putKeyPolicies(m, dual.id, { dualAuthDelete: { enabled: true } });
    const gone = await make('gone', false);
    await window.keyward.deleteKey(m, gone.id);
    await window.keyward.advanceTime(admin, 4 * 3600_000 + 1000);
    return { userId: user.id, root: root.id, standard: standard.id, dual: dual.id, gone: gone.id };
  }, manager);
  await page.reload();
  await shell.actAs('Ada Admin');
  await page.getByLabel('User', { exact: true }).selectOption({ label: 'Cleo Check' });
  await page.getByRole('group', { name: 'Scope' }).getByText('Key', { exact: true }).click();

  const ACTIONS = [
    ['read', 'root'],
    ['wrap', 'root'],
    ['readPayload', 'standard'],
    ['write', 'root'],
    ['scheduleDeletion', 'dual'],
    ['manage', 'root'],
    ['policy', 'root'],
    ['purge', 'gone'],
  ] as const;
  const seen: Record<string, [boolean, boolean]> = {};
  for (const [action, which] of ACTIONS) {
    await page.getByLabel('Key id or alias').fill(setup[which]);
    // The answer about this very key (the field is debounced).
    const table = page.locator(`[data-check-target="${setup[which]}"]`);
    const row = table.getByTestId(`check-${action}`);
    await expect(row).toHaveAttribute('data-allowed', /^(true|false)$/);
    const said = (await row.getAttribute('data-allowed')) === 'true';
    const did = await page.evaluate(
      async ({ action, ctx, keys }) => {
        const k = window.keyward;
        const calls: Record<string, () => Promise<unknown>> = {
          read: () => k.getKeyMetadata(ctx, keys.root),
          wrap: () => k.wrap(ctx, keys.root),
          readPayload: () => k.getKey(ctx, keys.standard),
          write: () => k.rotate(ctx, keys.root),
          scheduleDeletion: () => k.setKeyForDeletion(ctx, keys.dual),
          manage: () => k.disableKey(ctx, keys.root),
          policy: () => k.getKeyPolicies(ctx, keys.root),
          purge: () => k.purgeKey(ctx, keys.gone),
        };
        const call = calls[action];
        if (!call) throw new Error(action);
        return call().then(
          () => true,
          (e: { code: string }) => {
            if (e.code !== 'UNAUTHORIZED_ERR') throw new Error(`${action}: ${e.code}`);
            return false;
          },
        );
      },
      { action, ctx: { userId: setup.userId, instanceId: manager.instanceId }, keys: setup },
    );
    seen[action] = [said, did];
  }
  // Writer on team-a plus KeyPurge: everything but manage and policy.
  expect(seen).toEqual({
    read: [true, true],
    wrap: [true, true],
    readPayload: [true, true],
    write: [true, true],
    scheduleDeletion: [true, true],
    manage: [false, false],
    policy: [false, false],
    purge: [true, true],
  });
});

test('the last Administrator cannot be removed', async ({ page, shell, axe }) => {
  await shell.openPage('/access', 'Access');
  await shell.actAs('Ada Admin');
  await page.getByRole('button', { name: 'Remove Ada Admin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Ada Admin' });
  await dialog.getByLabel(/Type the user’s name/).fill('Ada Admin');
  await dialog.getByRole('button', { name: 'Remove user' }).click();
  await expect(dialog.getByText('The last Administrator')).toBeVisible();
  await expect(dialog.getByText(/make someone else Administrator first/)).toBeVisible();
  await axe.expectNoSerious();
});

test('a refused revoke shows why, and the next revoke dialog starts clean', async ({
  page,
  shell,
  axe,
}) => {
  await shell.openPage('/access', 'Access');
  await shell.actAs('Ada Admin');
  await page
    .getByRole('button', { name: /^Revoke Administrator .* from Ada Admin$/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Revoke access' });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog.getByText('The last Administrator')).toBeVisible();
  await axe.expectNoSerious();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await page
    .getByRole('button', { name: /^Revoke .* from Rhea Reader$/ })
    .first()
    .click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('The last Administrator')).toHaveCount(0);
});

test('non-Administrators cannot change access: disabled with the reason; the engine refuses', async ({
  page,
  engine,
  shell,
  axe,
}) => {
  await shell.openPage('/access', 'Access');
  await expect(page.getByText('View only')).toBeVisible();
  const reason = 'Max Manager may not manage access: this needs the Administrator role.';
  await shell.expectDisabledWithReason(page.getByRole('button', { name: 'Add user' }), reason);
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Assign role to Rhea Reader' }),
    reason,
  );
  await shell.expectDisabledWithReason(
    page.getByRole('button', { name: 'Remove Rhea Reader' }),
    reason,
  );
  await expect(page.getByRole('button', { name: /^Revoke / }).first()).toBeDisabled();
  // Only about oneself.
  await expect(page.getByLabel('User', { exact: true }).locator('option')).toHaveText([
    'Max Manager',
  ]);
  await expect(page.getByTestId('check-manage')).toHaveAttribute('data-allowed', 'true');
  await axe.expectNoSerious();
  const manager = await engine.kms('user-manager');
  const policy = await page.evaluate(
    async () => (await window.keyward.getSession()).policies[0]?.id ?? '',
  );
  const codes = [
    await engine.code(manager, 'addUser', [{ name: 'Eve', email: 'eve@example.com' }]),
    await engine.code(manager, 'removeUser', ['user-reader']),
    await engine.code(manager, 'grantAccess', [
      { userId: 'user-manager', role: 'Administrator', scope: {} },
    ]),
    await engine.code(manager, 'revokeAccess', [policy]),
    await engine.code(manager, 'checkAccess', [
      { userId: 'user-reader', instanceId: manager.instanceId },
    ]),
  ];
  expect(codes).toEqual(Array(5).fill('UNAUTHORIZED_ERR'));
});
