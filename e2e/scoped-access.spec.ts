/**
 * Access is per scope: a user with Manager on one key ring sees management actions on that ring's
 * keys only, and the engine refuses the rest. The Administrator adds the user and grants their
 * roles through the engine's access API (the Access page's e2e test does it through the UI); the
 * key ring is created through the engine's API too (creating rings belongs to the key-rings area).
 */
import type { Page } from '@playwright/test';
import type { CallContext } from '../src/domain/api';
import { EngineDriver, expect, test } from './fixtures';

/** Adds ring team-a and Sam Scoped (Reader on the instance, Manager on team-a); returns Sam's id. */
async function addRingManager(page: Page, manager: CallContext): Promise<string> {
  const instanceId = manager.instanceId;
  await new EngineDriver(page).createKeyRing('team-a', manager.userId);
  const samId = await page.evaluate(async (instanceId) => {
    const admin = { userId: 'user-admin', instanceId };
    const sam = await window.keyward.addUser(admin, {
      name: 'Sam Scoped',
      email: 'sam@keyward.example',
    });
    await window.keyward.grantAccess(admin, {
      userId: sam.id,
      role: 'Reader',
      scope: { instanceId },
    });
    await window.keyward.grantAccess(admin, {
      userId: sam.id,
      role: 'Manager',
      scope: { instanceId, keyRingID: 'team-a' },
    });
    return sam.id;
  }, instanceId);
  return samId;
}

test('a Manager of one key ring manages only that ring’s keys', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  const manager = await engine.kms('user-manager');
  const samId = await addRingManager(page, manager);
  await engine.createKey({ name: 'default-key' });
  await engine.createKey({ name: 'team-key', keyRingID: 'team-a' });

  await keysPage.actAs('Sam Scoped');
  await expect(page.getByTestId('acting-user')).toContainText('Reader, Manager (ring team-a)');
  await expect(keysPage.row('team-key')).toContainText('team-a');

  await keysPage
    .row('default-key')
    .getByRole('button', { name: 'Actions for default-key' })
    .click();
  await expect(page.getByRole('menuitem', { name: 'Disable (needs Manager)' })).toBeDisabled();
  await page.keyboard.press('Escape');

  await keysPage.row('team-key').getByRole('button', { name: 'Actions for team-key' }).click();
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  await expect(page.getByText('Disabled 1 key')).toBeVisible();
  await expect(keysPage.row('team-key')).toContainText('Disabled');
  await expect(keysPage.row('default-key')).toContainText('Enabled');

  // The engine refuses outside the ring, whatever the UI shows.
  const sam = await engine.kms(samId);
  const { keys } = await page.evaluate(
    (ctx) => window.keyward.listKeys(ctx, { search: 'exact:default-key' }),
    sam,
  );
  const refusal = await engine.code(sam, 'disableKey', [keys[0]?.id ?? '']);
  expect(refusal).toBe('UNAUTHORIZED_ERR');
});
