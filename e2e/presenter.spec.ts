/**
 * The presenter kit and backup (SPEC sections 14 and 16) in real Chromium against the real
 * engine: load "Envelope encryption for Cloud Object Storage" and complete its walkthrough by
 * following the panel (steps tick off from the engine's events); save a checkpoint, delete the
 * key (objects shredded), restore it (objects readable); export a backup, open a fresh browser
 * profile, restore it (a wrong passphrase refused first) and download an object byte-identical;
 * a non-Administrator sees every control disabled with the reason, and the engine refuses.
 */
import { readFileSync } from 'node:fs';
import { expect, expectNoSeriousAxe, kmsContext, test } from './fixtures';
import { actAs } from './pages/access-pages';
import { BucketPages } from './pages/bucket-pages';
import { DemoPage } from './pages/demo-page';
import { KeyPage } from './pages/key-page';

const CUSTOMERS = 'id,name\n1,Ada\n2,Max\n';

/** Loads a scenario through the engine as the Administrator (the UI path is the first test's). */
async function loadScenario(demo: DemoPage, id: string): Promise<void> {
  const ctx = await kmsContext(demo.page, 'user-admin');
  await demo.page.evaluate(([c, s]) => window.keyward.loadScenario(c, s as 'cos-envelope'), [
    ctx,
    id,
  ] as const);
}

test('a presenter loads the envelope scenario and completes its walkthrough by following the panel', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const demo = new DemoPage(page);
  await demo.open();
  await actAs(page, 'Ada Admin');
  await demo.loadScenario('cos-envelope', 'Envelope encryption for Cloud Object Storage');
  await expect(demo.panel).toBeVisible();
  await expect(page.getByTestId('walkthrough-progress')).toHaveText('0 of 5 steps done');
  await expectNoSeriousAxe(page);
  await demo.shot('demo-scenario-loaded');

  // 1. Upload an object: the panel's link opens the bucket; Wren may write objects.
  await demo.follow('upload');
  await expect(page.getByRole('heading', { level: 1, name: 'customer-records' })).toBeVisible();
  await actAs(page, 'Wren Writer');
  const bp = new BucketPages(page);
  await bp.upload([{ name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.from('agenda') }]);
  await expect(bp.objectRow('agenda.txt')).toBeVisible({ timeout: 20_000 });
  await demo.expectStepDone('upload');

  // 2. Rotate the root key (Writer may).
  await demo.follow('rotate');
  const kp = new KeyPage(page);
  await expect(kp.heading).toHaveText(/cos-root-key/);
  await kp.action('Rotate').click();
  await kp.dialog('Rotate “cos-root-key”?').getByRole('button', { name: 'Rotate key' }).click();
  await expect(demo.toast('Key rotated')).toBeVisible();
  await demo.expectStepDone('rotate');

  // 3. Disable it (Manager).
  await actAs(page, 'Max Manager');
  await demo.follow('disable');
  await kp.action('Disable').click();
  await kp.dialog('Disable “cos-root-key”?').getByRole('button', { name: 'Disable key' }).click();
  await expect(kp.field('State')).toContainText('Disabled');
  await demo.expectStepDone('disable');

  // 4. Move the demo clock on (Administrator), from the header.
  await actAs(page, 'Ada Admin');
  await page.getByRole('button', { name: /^Demo clock/ }).click();
  await page
    .getByRole('group', { name: 'Advance time' })
    .getByRole('button', { name: '+31 seconds' })
    .click();
  await demo.expectStepDone('advance');
  await expect(page.getByTestId('demo-time-badge')).toContainText('Demo time +');
  await page.getByRole('button', { name: /^Demo clock/ }).click();

  // 5. Enable the key again (Manager): the walkthrough is complete.
  await actAs(page, 'Max Manager');
  await demo.follow('enable');
  await kp.action('Enable').click();
  await expect(kp.field('State')).toContainText('Enabled');
  await expect(page.getByTestId('walkthrough-progress')).toHaveText('All 5 steps done.', {
    timeout: 20_000,
  });
  await expectNoSeriousAxe(page);
  await demo.shot('walkthrough-complete');

  // Progress lives with the account: it survives a reload.
  await page.reload();
  await expect(page.getByTestId('walkthrough-progress')).toHaveText('All 5 steps done.');
});

test('a step done in another tab ticks off in this one', async ({ page, context }) => {
  test.setTimeout(120_000);
  const demo = new DemoPage(page);
  await demo.open();
  await loadScenario(demo, 'cos-envelope');
  await expect(page.getByTestId('walkthrough-progress')).toHaveText('0 of 5 steps done');
  const other = await context.newPage();
  await other.goto('/keys');
  await expect(other.getByTestId('acting-user')).toBeVisible();
  const ctx = await kmsContext(other, 'user-manager');
  await other.evaluate(async (c) => {
    const { keys } = await window.keyward.listKeys(c);
    await window.keyward.rotate(c, keys[0]!.id);
  }, ctx);
  await demo.expectStepDone('rotate');
  await other.close();
});

test('checkpoint: save, delete the key (objects shredded), restore (objects readable)', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const demo = new DemoPage(page);
  await demo.open();
  await loadScenario(demo, 'cos-envelope');
  await actAs(page, 'Ada Admin');
  await page.getByRole('textbox', { name: 'Checkpoint name' }).fill('Before the delete');
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  const row = page.getByTestId('checkpoint-Before the delete');
  await expect(row).toContainText('1 key · 1 bucket · 3 objects');
  await demo.shot('demo-checkpoints');

  const manager = await kmsContext(page, 'user-manager');
  await page.evaluate(async (c) => {
    const { keys } = await window.keyward.listKeys(c);
    await window.keyward.deleteKey(c, keys[0]!.id, { force: true });
  }, manager);
  await actAs(page, 'Rhea Reader');
  const bp = new BucketPages(page);
  await bp.openBucket('customer-records');
  await expect(bp.banner()).toContainText('Cryptographically shredded');

  await actAs(page, 'Ada Admin');
  await demo.open();
  await page
    .getByTestId('checkpoint-Before the delete')
    .getByRole('button', { name: 'Restore' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Restore “Before the delete”?' });
  await dialog.getByRole('button', { name: 'Restore checkpoint' }).click();
  await expect(demo.toast('Restored “Before the delete”')).toBeVisible();

  await actAs(page, 'Rhea Reader');
  await bp.openBucket('customer-records');
  await expect(bp.banner()).toHaveCount(0);
  expect((await bp.download('customers.csv')).toString()).toBe(CUSTOMERS);
});

test('backup: export, restore into a fresh profile (wrong passphrase refused), object byte-identical', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const demo = new DemoPage(page);
  await demo.open();
  await loadScenario(demo, 'cos-envelope');
  await actAs(page, 'Ada Admin');
  const exportForm = page.getByRole('form', { name: 'Export a backup' });
  await exportForm.getByLabel('Passphrase', { exact: true }).fill('short');
  await exportForm.getByRole('button', { name: 'Export backup' }).click();
  await expect(exportForm.getByText('Use at least 8 characters')).toBeVisible();
  await exportForm.getByLabel('Passphrase', { exact: true }).fill('demo passphrase 2026');
  await exportForm.getByLabel('Passphrase again').fill('demo passphrase 2026');
  const downloading = page.waitForEvent('download');
  await exportForm.getByRole('button', { name: 'Export backup' }).click();
  // The share done, as a percentage (PBKDF2 alone takes a moment), until the file is there.
  const exportBar = exportForm.getByRole('progressbar', { name: 'Exporting the backup' });
  await expect(exportBar).toBeVisible();
  await expect(exportBar).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect(exportForm.getByText(/^\d+% done\./)).toBeVisible();
  const download = await downloading;
  await expect(exportBar).toBeHidden();
  expect(download.suggestedFilename()).toMatch(/^keyward-backup-.*\.kwbackup$/);
  const path = test.info().outputPath('account.kwbackup');
  await download.saveAs(path);
  expect(readFileSync(path).subarray(0, 30).toString()).toContain('"format":"keyward-backup"');

  // A fresh browser profile: a new, empty account.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const freshDemo = new DemoPage(other);
  await freshDemo.open();
  await actAs(other, 'Ada Admin');
  const restoreForm = other.getByRole('form', { name: 'Restore a backup' });
  await restoreForm.locator('input[type="file"]').setInputFiles(path);
  await expect(other.getByTestId('backup-file-name')).toHaveText('account.kwbackup');
  await restoreForm.getByLabel('Passphrase of the backup').fill('not the passphrase');
  await restoreForm.getByRole('button', { name: 'Restore backup' }).click();
  await expect(restoreForm.getByText('Wrong passphrase')).toBeVisible({ timeout: 60_000 });
  await expect(restoreForm.getByText(/Nothing was changed/)).toBeVisible();
  await restoreForm.getByLabel('Passphrase of the backup').fill('demo passphrase 2026');
  await restoreForm.getByRole('button', { name: 'Restore backup' }).click();
  await expect(other.getByRole('progressbar', { name: 'Restoring the backup' })).toBeVisible();
  await expect(restoreForm.getByText('Backup restored')).toBeVisible({ timeout: 60_000 });
  await expect(other.getByRole('progressbar')).toHaveCount(0);
  await expect(restoreForm.getByText(/Import tokens are not in a backup/)).toBeVisible();
  await expectNoSeriousAxe(other);
  await freshDemo.shot('demo-backup-restored');

  await actAs(other, 'Rhea Reader');
  const bp = new BucketPages(other);
  await bp.openBucket('customer-records');
  expect((await bp.download('customers.csv')).toString()).toBe(CUSTOMERS);
  await fresh.close();
});

test('a non-Administrator: every control disabled with the reason; the engine refuses', async ({
  page,
}) => {
  const demo = new DemoPage(page);
  await demo.open();
  await actAs(page, 'Max Manager');
  // The page says why at the top, not only in each control's tooltip.
  await expect(page.getByText('Administrators only')).toBeVisible();
  await expect(
    page.getByText('Max Manager may not use the presenter kit: this needs the Administrator role'),
  ).toBeVisible();
  const load = demo.scenario('cos-envelope').getByRole('button', { name: 'Load scenario' });
  await expect(load).toBeDisabled();
  await load.locator('..').hover();
  await expect(
    page.getByRole('tooltip').filter({ hasText: 'Max Manager may not load scenarios' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save checkpoint' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Export backup' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Restore backup' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Reset to a fresh demo account' })).toBeDisabled();
  await expectNoSeriousAxe(page);
  await demo.shot('demo-not-administrator');

  const ctx = await kmsContext(page, 'user-manager');
  const refusals = await page.evaluate(async (c) => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: { status: number; code: string }) => `${e.status} ${e.code}`,
      );
    return [
      await codeOf(window.keyward.exportBackup(c, { passphrase: 'a long passphrase' })),
      await codeOf(window.keyward.loadScenario(c, 'cos-envelope')),
      await codeOf(window.keyward.saveCheckpoint(c, { name: 'mine' })),
      await codeOf(window.keyward.resetAccount(c)),
      await codeOf(
        window.keyward.restoreBackup(c, { file: new ArrayBuffer(8), passphrase: 'whatever' }),
      ),
    ];
  }, ctx);
  expect(refusals).toEqual(Array(5).fill('401 UNAUTHORIZED_ERR'));
});
