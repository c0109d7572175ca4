/**
 * Encrypted buckets as a presenter shows them (SPEC sections 8–10), in real Chromium against the
 * real engine: authorize storage to use a key, create an encrypted bucket, upload files, download
 * them byte-identical, disable the key (reads fail, banner), enable, rotate (rewrap progress,
 * files still read), delete the key with force (shredded), restore (readable again); retention
 * blocks object and key deletion; without authorization the key cannot be chosen; roles gate the
 * controls and the engine refuses.
 *
 * The walkthrough authorizes storage in the authorization wizard (the other tests through
 * `window.keyward.createAuthorization`); key lifecycle steps use the engine API, as the key page's
 * own e2e tests cover its buttons.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, expectNoSeriousAxe, kmsContext, test } from './fixtures';
import { BucketPages } from './pages/bucket-pages';
import { actAs } from './pages/access-pages';
import { KeysPage } from './pages/keys-page';

test.describe.configure({ mode: 'parallel' });

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function createKey(bp: BucketPages, name: string) {
  const ctx = await bp.kms();
  return bp.page.evaluate(
    ([c, n]) => window.keyward.createKey(c, { name: n, extractable: false }),
    [ctx, name] as const,
  );
}

async function keyCall(bp: BucketPages, method: string, args: unknown[]) {
  const result = await bp.call(await bp.kms(), method, args);
  return result;
}

test('envelope encryption end to end: authorize, upload, download, disable, rotate, shred, restore', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const bp = new BucketPages(page);
  await new KeysPage(page).open();
  const key = await createKey(bp, 'bucket-root');

  // Without an authorization the key cannot be chosen, and the engine refuses it.
  await bp.openList();
  await expect(page.getByRole('heading', { name: 'No buckets yet' })).toBeVisible();
  await expectNoSeriousAxe(page);
  await bp.shot('buckets-empty');
  const refused = await bp.call(await bp.storageContext('user-manager'), 'createBucket', [
    { name: 'photos', encryption: { type: 'customer', keyCrn: key.crn } },
  ]);
  expect(refused).toMatchObject({ status: 400, code: 'KEY_NOT_FOUND_ERR' });
  expect((refused as { message: string }).message).toContain('The key CRN could not be found');
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create bucket' });
  await dialog.getByText('Customer-managed', { exact: false }).click();
  await expect(dialog.getByText('No root key is available to this storage instance')).toBeVisible();
  await bp.shot('create-bucket-no-keys');

  // The form links to the authorization wizard, where the Administrator authorizes storage.
  await dialog.getByRole('link', { name: 'Open the authorization wizard' }).click();
  const keys = new KeysPage(page);
  await keys.actAs('Ada Admin');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Create service authorization' }),
  ).toBeVisible();
  // The only storage instance is no step: the wizard starts at the target (all its keys).
  await page.getByLabel('Target instance').selectOption({ label: 'Key Protect · us-south' });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByTestId('authorization-allowance')).toContainText(
    'may wrap and unwrap its data encryption keys with every root key of Key Protect instance',
  );
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(
    page.getByRole('heading', { name: 'Service authorizations', level: 1 }),
  ).toBeVisible();
  await keys.actAs('Max Manager');
  await bp.openList();

  // Now the key can be chosen: create the bucket in the form (the name is checked as typed).
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  await dialog.getByLabel('Bucket name').fill('Photos');
  await expect(dialog.getByText('Use lowercase letters only.')).toBeVisible();
  await dialog.getByLabel('Bucket name').fill('photos');
  await expect(dialog.getByText('Use lowercase letters only.')).toBeHidden();
  await dialog.getByText('Customer-managed', { exact: false }).click();
  // Nothing is chosen for the user: Create asks for the key first.
  await dialog.getByRole('button', { name: 'Create bucket' }).click();
  await expect(
    dialog.getByText('Choose the root key that will protect this bucket.'),
  ).toBeVisible();
  await bp.chooseRootKey(dialog, 'bucket-root');
  await expectNoSeriousAxe(page);
  await bp.shot('create-bucket-with-key');
  await dialog.getByRole('button', { name: 'Create bucket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'photos' })).toBeVisible();

  // Upload several files at once; each shows its progress; then download byte-identical.
  const big = randomBytes(2_500_000);
  const small = Buffer.from('meeting notes: the plan is secret\n'.repeat(40));
  await bp.upload([
    { name: 'photo.raw', mimeType: 'application/octet-stream', buffer: big },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: small },
  ]);
  const uploads = page.getByLabel('Uploads');
  await expect(uploads.getByText('Uploaded, 2.4 MiB')).toBeVisible();
  await expect(uploads.getByText('Uploaded, 1.3 KiB')).toBeVisible();
  await expect(bp.objectRow('photo.raw')).toBeVisible();
  await expect(bp.objectRow('notes.txt')).toBeVisible();
  await expectNoSeriousAxe(page);
  await bp.shot('bucket-populated');
  await uploads.getByRole('button', { name: 'Clear finished uploads' }).click();
  await expect(uploads).toHaveCount(0);
  await bp.shot('bucket-populated-narrow', 600);
  expect(sha(await bp.download('photo.raw'))).toBe(sha(big));
  expect(sha(await bp.download('notes.txt'))).toBe(sha(small));

  // Disable the key: the banner says what it means, and reads are refused.
  expect(await keyCall(bp, 'disableKey', [key.id])).toBe('allowed');
  await expect(bp.banner()).toContainText(
    'Key disabled: these 2 objects cannot be read or written',
  );
  // Download is disabled with the key's problem as its reason; the engine refuses it too.
  const disabledDownload = bp.objectRow('notes.txt').getByRole('button', { name: /^Download/ });
  await expect(disabledDownload).toBeDisabled();
  await expect(disabledDownload.locator('xpath=..')).toContainText(
    /Cannot be read: The root key .* is Disabled/,
  );
  expect(
    await bp.call(await bp.storageContext('user-manager'), 'getObjectChunk', [
      'photos',
      'notes.txt',
      0,
    ]),
  ).toMatchObject({ code: 'KEY_ACTION_INVALID_STATE_ERR' });
  await bp.shot('bucket-key-disabled');

  // Enable (after the 30 s rule, on the engine clock): readable again.
  // Only an account Administrator moves the clock (SPEC section 13).
  await bp.call({ ...(await bp.kms()), userId: 'user-admin' }, 'advanceTime', [31_000]);
  expect(await keyCall(bp, 'enableKey', [key.id])).toBe('allowed');
  await expect(bp.banner()).toHaveCount(0);
  expect(sha(await bp.download('notes.txt'))).toBe(sha(small));

  // Rotate: the storage service rewraps both data keys, with progress; files still read.
  expect(await keyCall(bp, 'rotate', [key.id])).toBe('allowed');
  await expect(page.getByText('Rewrapping data keys to the new key version')).toBeVisible();
  await bp.shot('bucket-rewrap-progress');
  await expect(page.getByText('Data keys rewrapped to the new key version')).toBeVisible();
  await expect(page.getByText('2 of 2 objects')).toBeVisible();
  expect(sha(await bp.download('photo.raw'))).toBe(sha(big));

  // The key page shows the blast radius before anyone deletes the key.
  await page.goto(`/keys/${key.id}?tab=resources`);
  const protectedTable = page.getByRole('table', { name: 'Buckets protected by this key' });
  await expect(protectedTable.getByRole('row').filter({ hasText: 'photos' })).toContainText('2');
  await expect(page.getByText(/makes 2 objects in 1 bucket unreadable/)).toBeVisible();
  await bp.shot('key-page-protected-buckets');

  // Delete: refused while it protects the bucket, unless forced; then the files are shredded.
  expect(await keyCall(bp, 'deleteKey', [key.id])).toMatchObject({
    code: 'PROTECTED_RESOURCE_ERR',
  });
  expect(await keyCall(bp, 'deleteKey', [key.id, { force: true }])).toBe('allowed');
  await bp.openBucket('photos');
  await expect(bp.banner()).toContainText(
    'Cryptographically shredded: these 2 objects can no longer be read',
  );
  await expect(bp.objectRow('photo.raw')).toBeVisible();
  const shreddedDownload = bp.objectRow('photo.raw').getByRole('button', { name: /^Download/ });
  await expect(shreddedDownload).toBeDisabled();
  await expect(shreddedDownload.locator('xpath=..')).toContainText('cryptographically shredded');
  await expectNoSeriousAxe(page);
  await bp.shot('bucket-shredded');

  // Restore (30 s after the delete, on the engine clock): readable again, byte-identical.
  // Only an account Administrator moves the clock (SPEC section 13).
  await bp.call({ ...(await bp.kms()), userId: 'user-admin' }, 'advanceTime', [31_000]);
  expect(await keyCall(bp, 'restoreKey', [key.id])).toBe('allowed');
  await expect(bp.banner()).toHaveCount(0);
  expect(sha(await bp.download('photo.raw'))).toBe(sha(big));

  // Both sides of each notification are in the key's history.
  const events = await page.evaluate(
    ([c, k]) => window.keyward.listEvents(c, { target: k, limit: 500 }),
    [await bp.kms(), key.id] as const,
  );
  const actions = events.events.map((e) => e.action);
  expect(actions).toContain('kms.registrations.notify');
  expect(actions).toContain('kms.secrets-event.ack');
  expect(actions).toContain('cloud-object-storage.bucket-key-state.update');

  await bp.openList();
  await expect(page.getByRole('row').filter({ hasText: 'photos' })).toContainText('bucket-root');
  await expectNoSeriousAxe(page);
  await bp.shot('buckets-populated');
  await bp.shot('buckets-populated-narrow', 600);
});

test('retention blocks deleting objects and the key', async ({ page }) => {
  const bp = new BucketPages(page);
  await new KeysPage(page).open();
  const key = await createKey(bp, 'vault-root');
  await bp.authorizeStorage();
  await bp.openList();
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create bucket' });
  const longName = 'quarterly-financial-records.archive-with-a-very-long-bucket-name1';
  await dialog.getByLabel('Bucket name').fill(longName);
  await expect(
    dialog.getByText(`Use 3–63 characters (this has ${longName.length}).`),
  ).toBeVisible();
  await dialog.getByLabel('Bucket name').fill(longName.slice(0, 63));
  await dialog.getByText('Retention (object lock)', { exact: false }).click();
  await dialog.getByLabel('Retention period (days)').fill('7');
  await dialog.getByText('Customer-managed', { exact: false }).click();
  await bp.chooseRootKey(dialog, 'vault-root');
  await dialog.getByRole('button', { name: 'Create bucket' }).click();
  const name = longName.slice(0, 63);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await bp.upload([
    { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
  ]);
  await expect(bp.objectRow('ledger.csv')).toBeVisible();
  await bp
    .objectRow('ledger.csv')
    .getByRole('button', { name: /^Delete/ })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Delete object' });
  await expect(confirm).toContainText('ledger.csv');
  await confirm.getByRole('button', { name: 'Delete object' }).click();
  await expect(confirm).toBeHidden();
  await expect(bp.toast('Under retention')).toContainText('retention policy');
  await bp.dismissToasts();
  await bp.shot('bucket-retention-long-name');
  await bp.shot('bucket-retention-long-name-narrow', 600);
  const refusal = await keyCall(bp, 'deleteKey', [key.id, { force: true }]);
  expect(refusal).toMatchObject({ code: 'PREV_KEY_DEL_ERR' });
  await expect(bp.objectRow('ledger.csv')).toBeVisible();
});

test('a Reader sees buckets and downloads, but cannot create, upload or delete', async ({
  page,
}) => {
  const bp = new BucketPages(page);
  const keys = new KeysPage(page);
  await keys.open();
  const manager = await bp.storageContext('user-manager');
  await page.evaluate((c) => window.keyward.createBucket(c, { name: 'shared-docs' }), manager);
  await keys.actAs('Rhea Reader');
  await bp.openList();
  const create = page.getByRole('button', { name: 'Create bucket' });
  await expect(create).toBeDisabled();
  await create.locator('xpath=ancestor::span[contains(@class,"kw-gated")][1]').hover();
  await expect(
    page.getByRole('tooltip').filter({ hasText: 'this needs the Writer role' }),
  ).toBeVisible();
  await page.mouse.move(0, 0);
  const reader = await bp.storageContext('user-reader');
  expect(await bp.call(reader, 'createBucket', [{ name: 'mine' }])).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED_ERR',
  });
  expect(await bp.call(reader, 'beginUpload', ['shared-docs', 'x.txt', { size: 1 }])).toMatchObject(
    { status: 401, code: 'UNAUTHORIZED_ERR' },
  );
  await bp.openBucket('shared-docs');
  await expect(page.getByRole('button', { name: 'Upload files' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete bucket' })).toBeDisabled();
  await expectNoSeriousAxe(page);
  await bp.shot('bucket-reader-empty');
});

test('removing the authorization a bucket depends on names the bucket first; then its data cannot be read', async ({
  page,
}) => {
  const bp = new BucketPages(page);
  await new KeysPage(page).open();
  await createKey(bp, 'reports-root');
  await bp.authorizeStorage();
  await bp.openList();
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create bucket' });
  await create.getByLabel('Bucket name').fill('quarterly-reports');
  await create.getByText('Customer-managed', { exact: false }).click();
  await bp.chooseRootKey(create, 'reports-root');
  await create.getByRole('button', { name: 'Create bucket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'quarterly-reports' })).toBeVisible();
  await bp.upload([{ name: 'q3.txt', mimeType: 'text/plain', buffer: Buffer.from('Q3 figures') }]);
  await expect(bp.objectRow('q3.txt')).toBeVisible();

  // The Administrator removes the authorization: the console names the bucket before it goes.
  await page.goto('/authorizations');
  await actAs(page, 'Ada Admin');
  await expect(page.getByRole('cell', { name: 'quarterly-reports' })).toBeVisible();
  await page.getByRole('button', { name: /^Delete authorization of/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete authorization' });
  await expect(dialog.getByText('1 bucket depends on it')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Buckets that lose access' })).toHaveText(
    'quarterly-reports',
  );
  await expectNoSeriousAxe(page);
  await dialog.getByRole('button', { name: 'Delete; 1 bucket loses access' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No service authorizations yet')).toBeVisible();

  // Without it, storage cannot reach the key: the object is listed but cannot be read.
  const reader = await bp.storageContext('user-reader');
  const refusal = await bp.call(reader, 'getObjectChunk', ['quarterly-reports', 'q3.txt', 0]);
  expect(refusal).toMatchObject({ code: 'KEY_NOT_FOUND_ERR' });
  expect(String((refusal as { message: string }).message)).toContain(
    'The key CRN could not be found',
  );
});

test('an Administrator gives a new user Writer on object storage; they can then create a bucket', async ({
  page,
}) => {
  await page.goto('/access');
  await expect(page.getByRole('heading', { level: 1, name: 'Access' })).toBeVisible();
  const kms = await kmsContext(page, 'user-admin');
  await page.evaluate(
    (admin) => window.keyward.addUser(admin, { name: 'Olu Objects', email: 'olu@example.com' }),
    kms,
  );
  await actAs(page, 'Ada Admin');
  await page.getByRole('button', { name: 'Assign role to Olu Objects' }).click();
  const grant = page.getByRole('dialog', { name: 'Assign role' });
  await grant.getByLabel('Role').selectOption('Writer');
  await grant
    .getByLabel('Instance', { exact: true })
    .selectOption({ label: 'Cloud Object Storage · us-south' });
  await expect(grant.getByText('Object storage roles apply to the whole instance')).toBeVisible();
  await expect(grant.getByRole('group', { name: 'Scope' })).toHaveCount(0);
  await expectNoSeriousAxe(page);
  await grant.getByRole('button', { name: 'Assign role' }).click();
  await expect(grant).toBeHidden();

  await actAs(page, 'Olu Objects');
  const bp = new BucketPages(page);
  await bp.openList();
  await page.getByRole('button', { name: 'Create bucket' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create bucket' });
  await create.getByLabel('Bucket name').fill('olu-first-bucket');
  await create.getByRole('button', { name: 'Create bucket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'olu-first-bucket' })).toBeVisible();
});

test('without an object storage instance the buckets pages say so and point to Resources', async ({
  page,
}) => {
  const bp = new BucketPages(page);
  await bp.openList();
  const cos = await bp.storageContext('user-admin');
  const admin = await bp.kms('user-admin');
  expect(await bp.call(admin, 'deleteInstance', [cos.instanceId])).toBe('allowed');

  await bp.openList();
  const empty = page.getByRole('region', { name: 'No object storage instance' });
  await expect(empty).toBeVisible();
  await expect(empty.getByRole('link', { name: 'resources page' })).toHaveAttribute(
    'href',
    '/resources',
  );
  await expect(page.getByRole('button', { name: 'Create bucket' })).toHaveCount(0);
  await expectNoSeriousAxe(page);

  await page.goto('/buckets/photos');
  await expect(page.getByRole('region', { name: 'No object storage instance' })).toBeVisible();
  await empty.getByRole('link', { name: 'resources page' }).click();
  await expect(page).toHaveURL(/\/resources$/);
});
