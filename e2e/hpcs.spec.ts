/**
 * Keep your own key with Hyper Protect Crypto Services (SPEC section 11), as a presenter shows it
 * in real Chromium against the real engine: the whole master key ceremony in the console with
 * real file downloads and uploads (an administrator's signature key, each custodian's part made
 * while acting as that custodian, load, commit, activate); a root key there protecting a bucket,
 * a file uploaded and downloaded byte-identical; zeroize (the bucket says shredded, the download
 * is refused); the same part files load the master key again (readable); a master key rotation
 * (old ciphertexts still unwrap). A Writer and a Reader see the controls disabled with the reason,
 * and the engine refuses them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { downloadOf, sha256 as sha } from './downloads';
import { expect, test } from './fixtures';
import { actAs } from './pages/access-pages';

/** Runs `click` and returns the path of the file it downloads. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<string> {
  return (await (await downloadOf(page, click)).path()) ?? '';
}

async function choose(page: Page, testId: string, path: string, password: string) {
  const slot = page.getByTestId(testId);
  await slot.locator('input[type="file"]').setInputFiles({
    name: 'file.json',
    mimeType: 'application/json',
    buffer: readFileSync(path),
  });
  await slot.getByLabel(/^Password of/).fill(password);
}

async function makePart(page: Page, who: string, password: string): Promise<string> {
  await actAs(page, who);
  await page.getByLabel(/^Password for your part file/).fill(password);
  const path = await downloaded(page, () =>
    page.getByRole('button', { name: 'Make and download my part' }).first().click(),
  );
  await expect(page.getByText('Part file downloaded')).toBeVisible();
  return path;
}

async function loadParts(page: Page, parts: string[], passwords: string[], signer: string) {
  await choose(page, 'part-0', parts[0] ?? '', passwords[0] ?? '');
  await choose(page, 'part-1', parts[1] ?? '', passwords[1] ?? '');
  await choose(page, 'load-signers-0', signer, 'alice-password');
  await page.getByRole('button', { name: 'Load parts into the new register' }).click();
  await expect(page.getByRole('heading', { name: '5. Commit' })).toBeVisible();
  await choose(page, 'master-key.commit-signers-0', signer, 'alice-password');
  await page.getByRole('button', { name: 'Commit the new register' }).click();
  await expect(page.getByRole('heading', { name: '6. Activate' })).toBeVisible();
}

test('the ceremony in the console, a protected bucket, zeroize, reload, rotate', async ({
  page,
  axe,
  shots,
  engine,
  bucketPages: bp,
}) => {
  test.setTimeout(240_000);
  await page.goto('/resources');
  await page.getByRole('link', { name: 'Crypto units and master key ceremony' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Hyper Protect Crypto Services' }),
  ).toBeVisible();
  await expect(page.getByTestId('hpcs-status')).toContainText('imprint mode');
  await axe.expectNoSerious();
  await shots.widths('hpcs-imprint');

  // 1. An administrator's signature key: downloaded, added (imprint mode: unsigned).
  await page.getByLabel("Administrator's name").fill('Alice Admin');
  await page.getByLabel(/^Password for the administrator/).fill('alice-password');
  const signer = await downloaded(page, () =>
    page.getByRole('button', { name: 'Create signature key and add administrator' }).click(),
  );
  expect(JSON.parse(readFileSync(signer, 'utf8'))).toMatchObject({
    format: 'keyward-hpcs-signature-key',
    name: 'Alice Admin',
  });
  // 2. Thresholds, signed by Alice; this ends imprint mode.
  await expect(page.getByRole('heading', { name: '2. Thresholds' })).toBeVisible();
  await choose(page, 'threshold-signers-0', signer, 'wrong-password');
  await page.getByRole('button', { name: 'Set thresholds and leave imprint mode' }).click();
  await expect(page.getByText('the password is wrong, or the file was altered')).toBeVisible();
  await choose(page, 'threshold-signers-0', signer, 'alice-password');
  await page.getByRole('button', { name: 'Set thresholds and leave imprint mode' }).click();
  await expect(page.getByRole('heading', { name: '3. Master key parts' })).toBeVisible();

  // 3. Each custodian makes their part, acting as themselves.
  const cleo = await makePart(page, 'Cleo Custodian', 'cleo-password');
  const kai = await makePart(page, 'Kai Keyholder', 'kai-password');
  await shots.widths('hpcs-parts');

  // 4–6. Load (as Max), commit, activate.
  await actAs(page, 'Max Manager');
  await loadParts(page, [cleo, kai], ['cleo-password', 'kai-password'], signer);
  await choose(page, 'master-key.activate-signers-0', signer, 'alice-password');
  await page.getByRole('button', { name: 'Activate the master key' }).click();
  await expect(page.getByTestId('hpcs-status')).toContainText('Master key active since');
  await expect(page.getByTestId('unit-recovery')).toContainText('Valid');
  await axe.expectNoSerious();
  await shots.widths('hpcs-active');

  // A root key there, authorized for object storage, protecting a bucket.
  const instanceId = await engine.instanceId('hpcs');
  const { key, wrapped } = await page.evaluate(async (id) => {
    const ctx = { userId: 'user-manager', instanceId: id };
    const key = await window.keyward.createKey(ctx, { name: 'kyok-root', extractable: false });
    const session = await window.keyward.getSession();
    const cos = session.instances.find((i) => i.kind === 'cos')?.id ?? '';
    await window.keyward.createAuthorization(
      { userId: 'user-admin', instanceId: id },
      { sourceInstanceId: cos, targetInstanceId: id, role: 'Reader' },
    );
    await window.keyward.createBucket(
      { userId: 'user-writer', instanceId: cos },
      { name: 'kyok-bucket', encryption: { type: 'customer', keyCrn: key.crn } },
    );
    const { ciphertext } = await window.keyward.wrap(ctx, key.id, { plaintext: 'aGVsbG8=' });
    return { key, wrapped: ciphertext };
  }, instanceId);
  expect(key.crn).toContain(':hs-crypto:');
  await actAs(page, 'Wren Writer');
  await bp.openBucket('kyok-bucket');
  const data = randomBytes(300_000);
  await bp.upload([{ name: 'secret.bin', mimeType: 'application/octet-stream', buffer: data }]);
  await expect(bp.objectRow('secret.bin')).toBeVisible();
  expect(sha(await bp.download('secret.bin'))).toBe(sha(data));

  // Zeroize (typed confirmation, signed): the bucket says shredded and the download fails.
  await actAs(page, 'Max Manager');
  await page.goto(`/hpcs/${instanceId}`);
  await page.getByRole('button', { name: 'Zeroize crypto units' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Zeroize the recovery unit too').click();
  await choose(page, 'zeroize-signers-0', signer, 'alice-password');
  await dialog.getByLabel(/^Type the instance name/).fill('Hyper Protect Crypto Services');
  await dialog.getByRole('button', { name: 'Zeroize', exact: true }).click();
  await expect(page.getByTestId('hpcs-status')).toContainText(
    'Zeroized: 1 key and 1 bucket unreadable until the master key is loaded again',
  );
  await shots.widths('hpcs-zeroized');
  await bp.openBucket('kyok-bucket');
  await expect(bp.banner()).toContainText('Cryptographically shredded');
  // Download is disabled with the master key as its reason (the engine refuses it too: buckets.spec).
  const download = bp.objectRow('secret.bin').getByRole('button', { name: /^Download/ });
  await expect(download).toBeDisabled();
  await expect(download.locator('xpath=..')).toContainText('master key');

  // The same part files again: readable.
  await page.goto(`/hpcs/${instanceId}`);
  await loadParts(page, [cleo, kai], ['cleo-password', 'kai-password'], signer);
  await choose(page, 'master-key.activate-signers-0', signer, 'alice-password');
  await page.getByRole('button', { name: 'Activate the master key' }).click();
  await expect(page.getByTestId('hpcs-status')).toContainText('Master key active since');
  await bp.openBucket('kyok-bucket');
  await expect(bp.banner()).toHaveCount(0);
  expect(sha(await bp.download('secret.bin'))).toBe(sha(data));

  // Rotate the master key: new parts, load, commit, rotate; old ciphertexts still unwrap.
  await page.goto(`/hpcs/${instanceId}`);
  const cleo2 = await makePart(page, 'Cleo Custodian', 'cleo-password-2');
  const kai2 = await makePart(page, 'Kai Keyholder', 'kai-password-2');
  await actAs(page, 'Max Manager');
  await loadParts(page, [cleo2, kai2], ['cleo-password-2', 'kai-password-2'], signer);
  await page.getByRole('button', { name: 'Rotate master key' }).click();
  const rotate = page.getByRole('dialog');
  await choose(page, 'rotate-signers-0', signer, 'alice-password');
  await rotate.getByLabel(/^Type the instance name/).fill('Hyper Protect Crypto Services');
  await rotate.getByRole('button', { name: 'Rotate master key' }).click();
  await expect(page.getByTestId('ceremony-step')).toContainText('The ceremony is complete');
  const unwrapped = await page.evaluate(
    ([id, keyId, ct]) =>
      window.keyward.unwrap({ userId: 'user-reader', instanceId: id }, keyId, { ciphertext: ct }),
    [instanceId, key.id, wrapped] as const,
  );
  expect(unwrapped.plaintext).toBe('aGVsbG8=');
  await bp.openBucket('kyok-bucket');
  expect(sha(await bp.download('secret.bin'))).toBe(sha(data));
});

test('a Writer and a Reader see the ceremony controls disabled with the reason; the engine refuses', async ({
  page,
  axe,
  shots,
  engine,
}) => {
  await page.goto('/resources');
  const instanceId = await engine.instanceId('hpcs');
  for (const who of ['Wren Writer', 'Rhea Reader']) {
    await actAs(page, who);
    await page.goto(`/hpcs/${instanceId}`);
    await expect(page.getByTestId('hpcs-view-only')).toContainText('needs the Manager role');
    await expect(
      page.getByRole('button', { name: 'Create signature key and add administrator' }),
    ).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Zeroize crypto units' })).toBeDisabled();
    await axe.expectNoSerious();
  }
  await shots.widths('hpcs-reader');
  const refused = await engine.code({ userId: 'user-writer', instanceId }, 'createMasterKeyPart', [
    { password: 'password 1' },
  ]);
  expect(refused).toBe('UNAUTHORIZED_ERR');
});
