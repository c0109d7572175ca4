/**
 * An object of several chunks through the console, in real Chromium against the real engine:
 * uploaded through the file picker (a few chunks in flight), then downloaded through its row's
 * button, which keeps a few chunk reads in flight and assembles them in order: the file saved is
 * byte-identical. (buckets.spec.ts covers the rest of buckets; its files fit in one chunk.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from './fixtures';
import { BucketPages } from './pages/bucket-pages';
import { KeysPage } from './pages/keys-page';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MIB = 1024 * 1024;

test('a file of several 4 MiB chunks uploads and downloads byte-identical', async ({ page }) => {
  test.setTimeout(120_000);
  const bp = new BucketPages(page);
  await new KeysPage(page).open();
  const kms = await bp.kms();
  const key = await page.evaluate(
    (c) => window.keyward.createKey(c, { name: 'large-root', extractable: false }),
    kms,
  );
  await bp.authorizeStorage();
  const manager = await bp.storageContext('user-manager');
  await page.evaluate(
    ([c, crn]) =>
      window.keyward.createBucket(c, {
        name: 'large',
        encryption: { type: 'customer', keyCrn: crn },
      }),
    [manager, key.crn] as const,
  );
  await bp.openBucket('large');

  // 5 chunks, the last one short: parts out of place or missing would change the digest.
  const data = randomBytes(4 * 4 * MIB + 123_457);
  await bp.upload([{ name: 'video.bin', mimeType: 'application/octet-stream', buffer: data }]);
  await expect(page.getByLabel('Uploads').getByText('Uploaded, 16 MiB')).toBeVisible({
    timeout: 60_000,
  });
  const head = await page.evaluate(
    (c) => window.keyward.headObject(c, 'large', 'video.bin'),
    manager,
  );
  expect(head).toMatchObject({ size: data.length, chunkCount: 5 });
  const saved = await bp.download('video.bin');
  expect(saved.length).toBe(data.length);
  expect(sha(saved)).toBe(sha(data));
});
