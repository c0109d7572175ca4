/**
 * The Access page in real Chromium: an Administrator adds a user (validated as typed), gives them
 * Writer on one key ring, and the user then sees and may do exactly that; "what can this user
 * do?" agrees with the engine for every action; revoking takes the access away; the last
 * Administrator stays; non-Administrators see every control disabled with the reason and the
 * engine refuses them.
 */
import type { Page } from '@playwright/test';
import type { CallContext } from '../src/domain/api';
import { expect, expectNoSeriousAxe, kmsContext, test } from './fixtures';
import { actAs, expectDisabledWithReason, openPage } from './pages/access-pages';

/**
 * Adds key ring `id` to the demo kms instance as its Manager, through the engine's API: creating
 * rings from the console belongs to the key-rings area; access management only grants roles on
 * them.
 */
async function addKeyRing(page: Page, manager: CallContext, id: string): Promise<void> {
  await page.evaluate(
    async ({ manager, id }) => {
      await window.keyward.createKeyRing(manager, id);
    },
    { manager, id },
  );
}

test('a user given Writer on one ring sees and may do exactly that', async ({ page }) => {
  // A long journey (add, assign, check, act as, revoke): ~25 s alone, over 30 s on a loaded machine.
  test.setTimeout(90_000);
  await openPage(page, '/access', 'Access');
  const manager = await kmsContext(page, 'user-manager');
  await addKeyRing(page, manager, 'team-a');
  await page.evaluate(async (ctx) => {
    await window.keyward.createKey(ctx, { name: 'default-key', extractable: false });
    await window.keyward.createKey(ctx, {
      name: 'team-key',
      extractable: false,
      keyRingID: 'team-a',
    });
  }, manager);
  await actAs(page, 'Ada Admin');
  await expectNoSeriousAxe(page);

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
  await expectNoSeriousAxe(page);
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
  await expectNoSeriousAxe(page);
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
  await expectNoSeriousAxe(page);

  // Acting as Nia: exactly ring team-a, exactly Writer.
  await actAs(page, 'Nia New');
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
  const outcomes = await page.evaluate(async (ctx) => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
    return [
      await code(
        window.keyward.createKey(ctx, { name: 'mine', extractable: false, keyRingID: 'team-a' }),
      ),
      await code(window.keyward.createKey(ctx, { name: 'not mine', extractable: false })),
    ];
  }, niaCtx);
  expect(outcomes).toEqual(['ok', 'UNAUTHORIZED_ERR']);

  // Revoked: nothing any more.
  await actAs(page, 'Ada Admin');
  await page.getByRole('link', { name: 'Access' }).first().click();
  await page
    .getByRole('button', { name: 'Revoke Writer on Key Protect › key ring team-a from Nia New' })
    .click();
  const revoke = page.getByRole('dialog', { name: 'Revoke access' });
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke).toBeHidden();
  await expect(users.getByRole('row').filter({ hasText: 'Nia New' })).toContainText('No access');
  const after = await page.evaluate(
    async (ctx) =>
      window.keyward.listKeys(ctx).then(
        () => 'ok',
        (e: { code: string }) => e.code,
      ),
    niaCtx,
  );
  expect(after).toBe('UNAUTHORIZED_ERR');
});

test('"what can this user do?" agrees with the engine for every action', async ({ page }) => {
  await openPage(page, '/access', 'Access');
  const manager = await kmsContext(page, 'user-manager');
  await addKeyRing(page, manager, 'team-a');
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
  await actAs(page, 'Ada Admin');
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

test('the last Administrator cannot be removed', async ({ page }) => {
  await openPage(page, '/access', 'Access');
  await actAs(page, 'Ada Admin');
  await page.getByRole('button', { name: 'Remove Ada Admin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Ada Admin' });
  await dialog.getByLabel(/Type the user’s name/).fill('Ada Admin');
  await dialog.getByRole('button', { name: 'Remove user' }).click();
  await expect(dialog.getByText('The last Administrator')).toBeVisible();
  await expect(dialog.getByText(/make someone else Administrator first/)).toBeVisible();
  await expectNoSeriousAxe(page);
});

test('a refused revoke shows why, and the next revoke dialog starts clean', async ({ page }) => {
  await openPage(page, '/access', 'Access');
  await actAs(page, 'Ada Admin');
  await page
    .getByRole('button', { name: /^Revoke Administrator .* from Ada Admin$/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Revoke access' });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog.getByText('The last Administrator')).toBeVisible();
  await expectNoSeriousAxe(page);
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
}) => {
  await openPage(page, '/access', 'Access');
  await expect(page.getByText('View only')).toBeVisible();
  const reason = 'Max Manager may not manage access: this needs the Administrator role.';
  await expectDisabledWithReason(page, page.getByRole('button', { name: 'Add user' }), reason);
  await expectDisabledWithReason(
    page,
    page.getByRole('button', { name: 'Assign role to Rhea Reader' }),
    reason,
  );
  await expectDisabledWithReason(
    page,
    page.getByRole('button', { name: 'Remove Rhea Reader' }),
    reason,
  );
  await expect(page.getByRole('button', { name: /^Revoke / }).first()).toBeDisabled();
  // Only about oneself.
  await expect(page.getByLabel('User', { exact: true }).locator('option')).toHaveText([
    'Max Manager',
  ]);
  await expect(page.getByTestId('check-manage')).toHaveAttribute('data-allowed', 'true');
  await expectNoSeriousAxe(page);
  const manager = await kmsContext(page, 'user-manager');
  const codes = await page.evaluate(async (ctx) => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
    const policy = (await window.keyward.getSession()).policies[0]?.id ?? '';
    return [
      await code(window.keyward.addUser(ctx, { name: 'Eve', email: 'eve@example.com' })),
      await code(window.keyward.removeUser(ctx, 'user-reader')),
      await code(
        window.keyward.grantAccess(ctx, {
          userId: 'user-manager',
          role: 'Administrator',
          scope: {},
        }),
      ),
      await code(window.keyward.revokeAccess(ctx, policy)),
      await code(
        window.keyward.checkAccess(ctx, { userId: 'user-reader', instanceId: ctx.instanceId }),
      ),
    ];
  }, manager);
  expect(codes).toEqual(Array(5).fill('UNAUTHORIZED_ERR'));
});
