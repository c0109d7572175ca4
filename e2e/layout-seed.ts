/**
 * A console with long names and mixed states (what makes layouts break), and every route of
 * src/app/app.tsx with its title, and the layout facts their checks read: shared by the layout
 * spec, the keys spec's fit check and the screenshot tour.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { ShellPage } from './pages/shell-page';

export interface Seeded {
  keyId: string;
  bucket: string;
  hpcs: string;
}

/** Long names and mixed states: what makes layouts break. */
export async function seed(page: Page): Promise<Seeded> {
  await new ShellPage(page).boot('/keys');
  return page.evaluate(async () => {
    const k = window.keyward;
    const s = await k.getSession();
    const kms = s.instances.find((i) => i.kind === 'kms')?.id ?? '';
    const cos = s.instances.find((i) => i.kind === 'cos')?.id ?? '';
    const hpcs = s.instances.find((i) => i.kind === 'hpcs')?.id ?? '';
    const m = { userId: 'user-manager', instanceId: kms };
    await k.createKeyRing(m, 'payments-eu-production-ledgers');
    let keyId = '';
    for (let i = 0; i < 6; i++) {
      const key = await k.createKey(m, {
        name: `customer-data-encryption-root-key-for-the-payments-platform-${i}`,
        description: 'Protects the ledger buckets of the EU payments platform in production.',
        extractable: i === 5,
        aliases: [`payments-root-key-eu-production-${i}`, `second-alias-${i}`],
        keyRingID: i % 2 === 0 ? 'payments-eu-production-ledgers' : 'default',
        expirationDate: '2031-06-30T00:00:00Z',
      });
      if (i === 0) keyId = key.id;
      if (i === 1) await k.disableKey(m, key.id);
      if (i === 2) await k.deleteKey(m, key.id);
    }
    await k.createAuthorization(
      { userId: 'user-admin', instanceId: kms },
      { sourceInstanceId: cos, targetInstanceId: kms, role: 'Reader' },
    );
    const crn = (await k.getKeyMetadata(m, keyId)).crn;
    const bucket = 'quarterly-financial-records-archive-with-a-long-name';
    await k.createBucket(
      { userId: 'user-manager', instanceId: cos },
      { name: bucket, encryption: { type: 'customer', keyCrn: crn } },
    );
    return { keyId, bucket, hpcs };
  });
}

export function pages(s: Seeded): [string, string][] {
  return [
    ['Dashboard', '/'],
    ['Keys', '/keys'],
    ['Key details', `/keys/${s.keyId}`],
    ['Key rings', '/key-rings'],
    ['Buckets', '/buckets'],
    ['Bucket', `/buckets/${encodeURIComponent(s.bucket)}`],
    ['Events', '/events'],
    ['Authorizations', '/authorizations'],
    ['New authorization', '/authorizations/new'],
    ['Access', '/access'],
    ['Resources', '/resources'],
    ['Settings', '/settings'],
    ['Hyper Protect', `/hpcs/${s.hpcs}`],
    ['Demo', '/demo'],
    ['Not found', '/no-such-page'],
  ];
}

/**
 * The right edge of the side navigation where it is shown beside the content (wide windows),
 * else 0: content left of it lies under the navigation.
 */
export function sideNavRight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const nav = document.querySelector('nav[aria-label="Side navigation"]');
    const box = nav?.getBoundingClientRect();
    return box && box.width > 0 && getComputedStyle(nav as Element).visibility !== 'hidden'
      ? box.right
      : 0;
  });
}

/** Waits for the page's user, its heading, and its tables and tags (once their reads answer). */
export async function settle(page: Page): Promise<void> {
  await expect(page.getByTestId('acting-user')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#main-content h1').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.cds--skeleton, .cds--data-table--skeleton')).toHaveCount(0, {
    timeout: 30_000,
  });
}
