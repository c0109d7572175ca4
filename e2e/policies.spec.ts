/**
 * Key policies in real Chromium (SPEC.md sections 4, 5, 7, 13): a Manager sets a rotation policy
 * (validated as typed), advances the demo clock a month from the header, and the key shows a new
 * version and the system's rotation in its history and the events page; dual authorization is
 * switched on through a confirmation and then enforced (one user schedules, another deletes; the
 * same user is refused); Writers and Readers see the policies read-only, and the engine refuses
 * them.
 */
import { expect, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';

async function openPolicies(kp: KeyPage, keyId: string): Promise<void> {
  await kp.open(keyId, 'policies');
  await expect(kp.page.getByRole('heading', { name: 'Rotation policy' })).toBeVisible();
}

test('rotation policy: set it, advance the clock a month, the key rotates on its own', async ({
  page,
  engine,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'monthly-root' });
  await openPolicies(kp, key.id);
  await expect(page.getByTestId('next-rotation')).toHaveText(
    'No rotation is scheduled for this key.',
  );
  await axe.expectNoSerious();
  await shots.take('policies-off', { top: true });

  const toggle = page.getByRole('switch', { name: 'Rotate automatically' });
  // Carbon's label covers its switch: click the label, as a user does.
  await page.getByText('Rotate automatically', { exact: true }).click();
  await expect(toggle).toBeChecked();
  const interval = page.getByLabel('Rotate every (months)');
  await interval.fill('13');
  await expect(page.getByText('Rotate every 1–12 months, in whole months.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save rotation policy' })).toBeDisabled();
  await interval.fill('');
  await expect(page.getByText('Enter a number of months from 1 to 12.')).toBeVisible();
  await interval.fill('1');
  await expect(page.getByRole('button', { name: 'Save rotation policy' })).toBeEnabled();
  await shots.take('policies-editing', { top: true });
  await page.getByRole('button', { name: 'Save rotation policy' }).click();
  await kp.expectToast('Rotation policy saved', 'every 1 month');
  const ctx = await engine.kms('user-manager');
  const withPolicy = await page.evaluate(([c, id]) => window.keyward.getKeyMetadata(c, id), [
    ctx,
    key.id,
  ] as const);
  expect(withPolicy.nextRotationDate).toBeDefined();
  await expect(page.getByTestId('next-rotation')).toContainText('Next rotation:');
  await expect(page.getByTestId('next-rotation').locator('time')).toHaveAttribute(
    'datetime',
    withPolicy.nextRotationDate ?? '',
  );
  await axe.expectNoSerious();
  await shots.take('policies-on', { top: true });
  await page.setViewportSize({ width: 600, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);
  await shots.take('policies-on-narrow', { top: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The header's demo clock: a Manager may not move it (disabled, with the reason) ...
  await page.getByRole('button', { name: /^Demo clock/ }).click();
  let panel = page.getByRole('region', { name: 'Demo clock' });
  await expect(panel.getByRole('button', { name: '+1 month' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: '+1 month' })).toHaveAccessibleDescription(
    /Only an account Administrator can move the clock/,
  );
  await page.keyboard.press('Escape');
  // ... an account Administrator moves it one month (30 days, a rotation month) on.
  await kp.actAs('Ada Admin');
  await page.getByRole('button', { name: /^Demo clock/ }).click();
  panel = page.getByRole('region', { name: 'Demo clock' });
  await panel.getByRole('button', { name: '+1 month' }).click();
  await kp.expectToast('Clock advanced', '+1 month');
  await page.keyboard.press('Escape');

  // The key was rotated by the engine: a second version, and the next date a month on.
  await kp.selectTab('Versions');
  await expect(page.getByRole('table', { name: /versions/i }).locator('tbody tr')).toHaveCount(2);
  await kp.expectHistory('kms.secrets.rotate', 'Keyward (rotation policy)', 'success');
  await shots.take('policies-rotated-history', { top: true });
  const after = await page.evaluate(([c, id]) => window.keyward.getKeyMetadata(c, id), [
    ctx,
    key.id,
  ] as const);
  expect(after.keyVersion.id).not.toBe(key.keyVersion.id);
  // Rotated when the engine saw it due: the clock jumped past the due date.
  expect(Date.parse(after.lastRotateDate ?? '')).toBeGreaterThanOrEqual(
    Date.parse(withPolicy.nextRotationDate ?? ''),
  );
  expect(Date.parse(after.nextRotationDate ?? '')).toBeGreaterThan(
    Date.parse(withPolicy.nextRotationDate ?? ''),
  );

  // The events page shows the system's rotation.
  const events = new EventsPage(page);
  await events.open('?action=kms.secrets.rotate');
  await expect(events.rows('Keyward (rotation policy)')).toHaveCount(1);
  await axe.expectNoSerious();
});

test('another tab shows a scheduled rotation without reloading', async ({
  page,
  context,
  engine,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'watched-root' });
  const ctx = await engine.kms('user-manager');
  await page.evaluate(
    ([c, id]) =>
      window.keyward.putKeyPolicies(c, id, { rotation: { enabled: true, interval_month: 2 } }),
    [ctx, key.id] as const,
  );
  await kp.open(key.id, 'versions');
  const versions = page.getByRole('table', { name: /versions/i }).locator('tbody tr');
  await expect(versions).toHaveCount(1);

  // A second tab moves the clock two months on (through its own engine).
  const other = await context.newPage();
  const otherKp = new KeyPage(other);
  await otherKp.start();
  await otherKp.advanceTime(62 * 24 * 3600 * 1000);

  // The first tab, untouched, shows the new version and the new date.
  await expect(versions).toHaveCount(2);
  await kp.selectTab('Overview');
  await expect(page.getByTestId('next-rotation')).toBeVisible();
  const rotated = await page.evaluate(([c, id]) => window.keyward.getKeyMetadata(c, id), [
    ctx,
    key.id,
  ] as const);
  await expect(page.getByTestId('next-rotation').locator('time')).toHaveAttribute(
    'datetime',
    rotated.nextRotationDate ?? '',
  );
  await other.close();
});

test('dual authorization: switched on after a warning, then enforced', async ({
  page,
  axe,
  shots,
}) => {
  const kp = new KeyPage(page);
  await kp.start();
  const key = await kp.createKey({ name: 'two-person-rule' });
  await openPolicies(kp, key.id);
  const dual = page.getByRole('switch', { name: 'Dual authorization for deletion' });
  await expect(dual).not.toBeChecked();
  const dualLabel = page.getByText('Dual authorization for deletion', { exact: true });
  await dualLabel.click();
  const confirm = kp.dialog('Switch on dual authorization?');
  await kp.settled(confirm);
  await expect(confirm).toContainText('cannot be switched off');
  await axe.expectNoSerious();
  await shots.take('policies-dual-confirm', { top: true });
  // Cancel leaves it off.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(dual).not.toBeChecked();
  await dualLabel.click();
  await kp.settled(confirm);
  await confirm.getByRole('button', { name: 'Switch on for good' }).click();
  await kp.expectToast('Dual authorization is on');
  await expect(dual).toBeChecked();
  await expect(dual).toBeDisabled();
  await expect(page.getByTestId('dual-auth-note')).toHaveText(
    'On for good: once on, dual authorization cannot be switched off.',
  );
  expect(
    await kp.refusal('user-manager', 'putKeyPolicies', [
      key.id,
      { dualAuthDelete: { enabled: false } },
    ]),
  ).toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });

  // Enforced: nobody scheduled it, so a direct delete is refused.
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toMatchObject({
    code: 'AUTHORIZATIONS_NOT_MET',
  });
  // The Manager schedules; the same Manager may not delete.
  await kp.open(key.id);
  await kp.action('Schedule deletion').click();
  await kp.expectToast('Deletion scheduled');
  expect(await kp.refusal('user-manager', 'deleteKey', [key.id])).toMatchObject({
    code: 'AUTHORIZATIONS_NOT_MET',
    message: expect.stringContaining('two different users') as unknown as string,
  });
  await kp.action('Cancel scheduled deletion').click();
  await kp.expectToast('Scheduled deletion cancelled');
  // A Writer schedules (may); a Writer may not delete; the Manager, a second user, deletes.
  await kp.actAs('Wren Writer');
  await kp.action('Schedule deletion').click();
  await kp.expectToast('Deletion scheduled');
  await kp.expectDisabledWithReason(kp.action('Delete'), 'Deleting a key needs the Manager role.');
  await kp.actAs('Max Manager');
  await kp.action('Delete').click();
  const del = kp.dialog('Delete “two-person-rule”?');
  await kp.settled(del);
  await del.getByLabel('Type the key name to confirm: two-person-rule').fill('two-person-rule');
  await del.getByRole('button', { name: 'Delete key' }).click();
  await kp.expectToast('Key deleted');
  await expect(kp.field('State')).toContainText('Deleted');

  // A deleted key's policies are read-only, saying why.
  await openPolicies(kp, key.id);
  await expect(page.getByText('The key is deleted: its policies cannot be changed')).toBeVisible();
});

for (const [persona, userId] of [
  ['Wren Writer', 'user-writer'],
  ['Rhea Reader', 'user-reader'],
] as const) {
  test(`as ${persona}: policies are read-only with the reason; the engine refuses`, async ({
    page,
    engine,
    axe,
    shots,
  }) => {
    const kp = new KeyPage(page);
    await kp.start();
    const key = await kp.createKey({ name: 'managed-by-max' });
    const ctx = await engine.kms('user-manager');
    await page.evaluate(
      ([c, id]) =>
        window.keyward.putKeyPolicies(c, id, { rotation: { enabled: true, interval_month: 3 } }),
      [ctx, key.id] as const,
    );
    await kp.actAs(persona);
    await openPolicies(kp, key.id);
    await expect(page.getByText(/^Key policies are read and set by a Manager: /)).toContainText(
      'this needs the Manager role.',
    );
    // What the key's metadata tells is still shown.
    await expect(page.getByTestId('next-rotation')).toContainText('Next rotation:');
    await expect(page.getByRole('switch', { name: 'Rotate automatically' })).toBeDisabled();
    await expect(page.getByRole('switch', { name: 'Rotate automatically' })).toBeChecked();
    await expect(
      page.getByRole('switch', { name: 'Dual authorization for deletion' }),
    ).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save rotation policy' })).toHaveCount(0);
    await expect(page.getByText('The interval is shown to Managers only.')).toBeVisible();
    await axe.expectNoSerious();
    await shots.take(`policies-${userId}`, { top: true });
    for (const [method, args] of [
      ['putKeyPolicies', [key.id, { rotation: { enabled: false, interval_month: 3 } }]],
      ['putKeyPolicies', [key.id, { dualAuthDelete: { enabled: true } }]],
      ['getKeyPolicies', [key.id]],
    ] as const)
      expect(await kp.refusal(userId, method, [...args])).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED_ERR',
      });
  });
}
