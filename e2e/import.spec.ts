/**
 * Bring your own key, end to end in Chromium as a user would do it: the console makes an import
 * token, the test downloads the files the page offers, runs the commands the page prints (openssl
 * and Node, in a shell), and hands the results back by upload and paste. The imported key wraps
 * and unwraps, and its ciphertext opens with the user's own material per the documented format.
 * Also: plain import, rotating an imported key, and the roles that may not import.
 */
import { execSync } from 'node:child_process';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-e2e-import-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openImportDialog(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByText('Import your own key', { exact: true }).click();
  await expect(dialog.getByRole('heading', { name: 'Import your own key' })).toBeVisible();
  return dialog;
}

async function downloadTo(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test('a Writer imports a root key through an import token with openssl, and it wraps', async ({
  page,
  keysPage,
  engine,
  axe,
  shots,
}) => {
  await keysPage.open();
  await keysPage.actAs('Wren Writer');
  const dialog = await openImportDialog(page, 'byok-openssl');

  await dialog.getByRole('button', { name: 'Create import token' }).click();
  await expect(dialog.getByText(/Generating a 4,096-bit RSA key pair/)).toBeVisible();
  await expect(dialog.getByTestId('import-token')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('import-token')).toContainText('0 of 1 retrievals left');
  await axe.expectNoSerious();
  await shots.take('import-token-wide');
  if (shots.folder) {
    await page.setViewportSize({ width: 600, height: 900 });
    await dialog.getByRole('list', { name: 'Commands to run' }).scrollIntoViewIfNeeded();
    await shots.take('import-commands-narrow');
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  expect(
    await downloadTo(page, dialog.getByRole('button', { name: 'Download importToken.txt' })),
  ).toMatch(/importToken\.txt$/);
  expect(
    await downloadTo(page, dialog.getByRole('button', { name: 'Download nonce.bin' })),
  ).toMatch(/nonce\.bin$/);
  // As Key Protect returns it: the payload is the base64 of the PEM (decoded by the first step).
  const payload = readFileSync(join(dir, 'importToken.txt'), 'utf8');
  expect(payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(Buffer.from(payload, 'base64').toString('utf8')).toContain('BEGIN PUBLIC KEY');
  expect(readFileSync(join(dir, 'nonce.bin'))).toHaveLength(12);

  // Run exactly what the page prints, in order, on "our own machine".
  const commands = await dialog
    .getByRole('list', { name: 'Commands to run' })
    .locator('pre')
    .allTextContents();
  expect(commands).toHaveLength(4);
  expect(commands[0]?.trim()).toBe('base64 --decode < importToken.txt > importToken.pem');
  for (const command of commands) execSync(command.trim(), { cwd: dir, shell: '/bin/sh' });
  expect(readFileSync(join(dir, 'importToken.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
  const material = readFileSync(join(dir, 'key.bin'));
  expect(material).toHaveLength(32);

  // First a wrong IV length, checked as typed; then a nonce that does not match, refused by the
  // engine with the reason; then the real results.
  await dialog.getByLabel('IV', { exact: true }).fill(randomBytes(8).toString('base64'));
  await expect(dialog.getByText('The IV must be 12 bytes; this is 8.')).toBeVisible();
  await dialog
    .locator('input[type=file][aria-label="Upload payload.txt"]')
    .setInputFiles(join(dir, 'payload.txt'));
  await dialog.getByLabel('Encrypted nonce').fill(randomBytes(28).toString('base64'));
  await dialog.getByLabel('IV', { exact: true }).fill(randomBytes(12).toString('base64'));
  await dialog.getByRole('button', { name: 'Import key' }).click();
  // Key Protect's 400 INCORRECT_NONCE_IV_ERR: the nonce was not sealed under this material and IV.
  await expect(dialog.getByText('Nonce and IV do not match')).toBeVisible();
  await expect(dialog.getByText(/not encrypted with the key material given/)).toBeVisible();

  await dialog
    .locator('input[type=file][aria-label="Upload encryptedNonce.txt"]')
    .setInputFiles(join(dir, 'encryptedNonce.txt'));
  await dialog.getByLabel('IV', { exact: true }).fill(readFileSync(join(dir, 'iv.txt'), 'utf8'));
  await dialog.getByRole('button', { name: 'Import key' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Key created')).toBeVisible();
  await expect(keysPage.row('byok-openssl')).toContainText('Enabled');

  // The imported key wraps and unwraps; its ciphertext opens with our own material, per the doc.
  const writer = await engine.kms('user-writer');
  const result = await page.evaluate(async (ctx) => {
    const { keys } = await window.keyward.listKeys(ctx, { search: 'exact:byok-openssl' });
    const key = keys[0];
    if (!key) throw new Error('imported key not listed');
    const wrapped = await window.keyward.wrap(ctx, key.id);
    const unwrapped = await window.keyward.unwrap(ctx, key.id, { ciphertext: wrapped.ciphertext });
    return { imported: key.imported, wrapped, unwrapped };
  }, writer);
  expect(result.imported).toBe(true);
  expect(result.unwrapped.plaintext).toBe(result.wrapped.plaintext);
  const bytes = Buffer.from(result.wrapped.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', material, bytes.subarray(36, 48));
  decipher.setAAD(Buffer.concat([bytes.subarray(0, 48), Buffer.alloc(4)]));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const dek = Buffer.concat([
    decipher.update(bytes.subarray(48, bytes.length - 16)),
    decipher.final(),
  ]);
  expect(dek.toString('base64')).toBe(result.wrapped.plaintext);
});

test('plain import, then rotating the imported key with new material on its page', async ({
  page,
  keysPage,
  engine,
  axe,
  shots,
}) => {
  await keysPage.open();
  const dialog = await openImportDialog(page, 'byok-plain');
  await dialog.getByText('Plain: paste or upload the key material').click();
  await dialog.getByLabel('Key material (base64)').fill(randomBytes(20).toString('base64'));
  await expect(
    dialog.getByText(/root key material must be 16, 24 or 32 bytes.*this is 20/),
  ).toBeVisible();
  await dialog.getByLabel('Key material (base64)').fill(randomBytes(32).toString('base64'));
  await dialog.getByRole('button', { name: 'Import key' }).click();
  await expect(dialog).toBeHidden();
  await keysPage.row('byok-plain').getByRole('link', { name: 'byok-plain' }).click();

  await page.getByRole('button', { name: 'Rotate' }).click();
  const rotate = page.getByRole('dialog', { name: /Rotate “byok-plain” with new material/ });
  await expect(rotate).toBeVisible();
  await rotate.getByText('Plain: paste or upload the key material').click();
  await rotate
    .locator('input[type=file][aria-label="Upload a key file (raw bytes)"]')
    .setInputFiles({
      name: 'key.bin',
      mimeType: 'application/octet-stream',
      buffer: randomBytes(24),
    });
  await axe.expectNoSerious();
  await shots.take('rotate-imported');
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  await expect(rotate).toBeHidden();
  await expect(page.getByText('Key rotated')).toBeVisible();
  const manager = await engine.kms('user-manager');
  const versions = await page.evaluate(async (ctx) => {
    const { keys } = await window.keyward.listKeys(ctx, { search: 'exact:byok-plain' });
    return (await window.keyward.getKeyVersions(ctx, keys[0]?.id ?? '')).total;
  }, manager);
  expect(versions).toBe(2);
});

test('a Reader cannot import: the button says why, and the engine refuses', async ({
  page,
  keysPage,
  engine,
}) => {
  await keysPage.open();
  await keysPage.actAs('Rhea Reader');
  await expect(page.getByRole('button', { name: 'Create key' }).first()).toBeDisabled();
  await keysPage.createButton.locator('..').hover();
  await expect(page.getByRole('tooltip')).toContainText('needs the Writer role');
  const reader = await engine.kms('user-reader');
  const refusals = await page.evaluate(async (ctx) => {
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    return [
      await outcome(window.keyward.createImportToken(ctx)),
      await outcome(
        window.keyward.createKey(ctx, {
          name: 'sneaky',
          extractable: false,
          payload: btoa('0123456789abcdef'),
        }),
      ),
    ];
  }, reader);
  for (const refusal of refusals) expect(refusal).toMatch(/^UNAUTHORIZED_ERR: .*Writer role/);
});
