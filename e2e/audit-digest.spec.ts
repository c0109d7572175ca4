/**
 * The auditor's digest flow on the Events page (SPEC section 12), in real Chromium: a Reader
 * downloads a signed digest, verifies the trail against it, sees an altered file and a rewritten
 * event detected; a user with no role on the instance finds both controls disabled with the
 * reason, and the engine refuses anyway.
 */
import type { Page } from '@playwright/test';
import { readDownload } from './downloads';
import { expect, test } from './fixtures';
import { EventsPage } from './pages/events-page';
import { rewriteInitiator } from './raw-events';

const SHOTS = '/tmp/shots-hardening';

async function signDigest(page: Page): Promise<{ name: string; text: string }> {
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download signed digest' }).click();
  const download = await downloaded;
  return { name: download.suggestedFilename(), text: await readDownload(download) };
}

async function verifyWith(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.getByTestId('digest-files').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: 'application/json',
      buffer: Buffer.from(f.text),
    })),
  );
}

test('an auditor downloads a signed digest and verifies the trail against it; alterations are detected', async ({
  page,
  engine,
  axe,
}) => {
  await page.addInitScript(() => sessionStorage.setItem('keyward.actingUserId', 'user-reader'));
  const events = new EventsPage(page);
  await events.open();
  const manager = await engine.kms('user-manager');
  await page.evaluate(async (ctx) => {
    const key = await window.keyward.createKey(ctx, { name: 'audited', extractable: false });
    await window.keyward.wrap(ctx, key.id);
  }, manager);
  const digest = await signDigest(page);
  expect(digest.name).toMatch(/^keyward-digest-\d{6}-\d{8}T\d{6}Z\.json$/);
  const signed = JSON.parse(digest.text) as { seq: number; format: string; signature: string };
  expect(signed.format).toBe('keyward-audit-digest');
  expect(signed.seq).toBeGreaterThanOrEqual(3);
  await expect(
    page.getByText(`Signed a digest of the trail up to event #${signed.seq}`),
  ).toBeVisible();

  // Later: the trail grew, and still holds what the digest signed.
  await page.evaluate(async (ctx) => void (await window.keyward.listKeys(ctx)), manager);
  await verifyWith(page, [digest]);
  const results = page.getByTestId('digest-results');
  await expect(results).toContainText('The digest verified');
  await expect(results).toContainText(`History up to event #${signed.seq} is as signed`);
  await axe.expectNoSerious();
  for (const width of [1440, 1024, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByTestId('digest-results').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/digest-verified-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // An altered file (its hash changed) no longer verifies: its signature fails.
  const altered = {
    name: 'altered.json',
    text: digest.text.replace(/"hash": "[0-9a-f]{64}"/, `"hash": "${'0'.repeat(64)}"`),
  };
  const notADigest = { name: 'notes.json', text: '{"hello": 1}' };
  await verifyWith(page, [altered, notADigest]);
  await expect(results).toContainText('2 of 2 digests failed');
  await expect(results).toContainText('signature does not verify');
  await expect(results).toContainText(
    'notes.json: failed. This file is not a Keyward audit digest',
  );

  // A rewritten event before the digest's head is detected.
  await rewriteInitiator(page, 2, 'Nobody');
  await verifyWith(page, [digest]);
  await expect(results).toContainText('1 of 1 digest failed');
  await expect(results).toContainText(`Event #${signed.seq}: the chain is broken at #2`);
  await expect(events.chainStatus).toBeVisible();
});

test('a user with no role on the instance cannot sign or verify digests: disabled with the reason, refused by the engine', async ({
  page,
  engine,
}) => {
  await page.addInitScript(() =>
    sessionStorage.setItem('keyward.actingUserId', 'user-custodian-1'),
  );
  const events = new EventsPage(page);
  await events.open();
  await expect(page.getByTestId('acting-user')).toContainText('Cleo Custodian');
  const reason = 'Cleo Custodian may not read events of this instance: this needs the Reader role.';
  for (const name of ['Download signed digest', 'Verify against digest files']) {
    const button = page.getByRole('button', { name });
    await expect(button).toBeDisabled();
    await button.locator('..').hover();
    await expect(page.getByText(reason).first()).toBeAttached();
  }
  const ctx = await engine.kms('user-custodian-1');
  const code = await page.evaluate(async (ctx) => {
    try {
      await window.keyward.getEventsDigest(ctx);
      return 'signed';
    } catch (error) {
      return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
    }
  }, ctx);
  expect(code).toBe('401 UNAUTHORIZED_ERR');
  await page.screenshot({ path: `${SHOTS}/digest-refused.png`, fullPage: true });
});

test('the digest panel in the dark theme has no serious accessibility violations', async ({
  page,
  axe,
}) => {
  await page.addInitScript(() => localStorage.setItem('keyward.theme', 'g100'));
  const events = new EventsPage(page);
  await events.open();
  const digest = await signDigest(page);
  await verifyWith(page, [digest]);
  await expect(page.getByTestId('digest-results')).toContainText('The digest verified');
  await axe.expectNoSerious();
  for (const width of [1440, 1024, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/digest-dark-${width}.png`, fullPage: true });
  }
});
