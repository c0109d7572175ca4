/**
 * Page objects of the buckets pages (/buckets, /buckets/:name), plus engine helpers on
 * `window.keyward` for the steps a presenter takes elsewhere (authorizing storage, key
 * lifecycle): the same checks as the UI, never a mock.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { kmsContext } from '../fixtures';

export interface Ctx {
  userId: string;
  instanceId: string;
}

export class BucketPages {
  constructor(readonly page: Page) {}

  async storageContext(userId: string): Promise<Ctx> {
    const instanceId = await this.page.evaluate(async () => {
      const session = await window.keyward.getSession();
      return session.instances.find((i) => i.kind === 'cos')?.id ?? '';
    });
    return { userId, instanceId };
  }

  /** Calls an engine method as `userId` (kms or storage instance); returns the refusal or 'allowed'. */
  async call(
    ctx: Ctx,
    method: string,
    args: unknown[],
  ): Promise<{ status: number; code: string; message: string; reasons?: string[] } | 'allowed'> {
    return this.page.evaluate(
      async ([c, m, a]) => {
        try {
          const fn = (window.keyward as unknown as Record<string, (...x: unknown[]) => unknown>)[m];
          if (!fn) throw new Error(`no method ${m}`);
          await fn(c, ...a);
          return 'allowed' as const;
        } catch (error) {
          const e = error as { status: number; code: string; message: string; reasons?: string[] };
          return { status: e.status, code: e.code, message: e.message, reasons: e.reasons };
        }
      },
      [ctx, method, args] as const,
    );
  }

  async kms(userId = 'user-manager'): Promise<Ctx> {
    return kmsContext(this.page, userId);
  }

  /** Authorizes the storage instance to use the demo kms instance's keys (as the Administrator). */
  async authorizeStorage(): Promise<void> {
    const cos = await this.storageContext('user-admin');
    const kms = await this.kms('user-admin');
    await this.page.evaluate(
      ([c, source, target]) =>
        window.keyward.createAuthorization(c, {
          sourceInstanceId: source,
          targetInstanceId: target,
          role: 'Reader',
        }),
      [kms, cos.instanceId, kms.instanceId] as const,
    );
  }

  /** In the create-bucket dialog: picks a root key by searching its alias or name. */
  async chooseRootKey(dialog: Locator, search: string): Promise<void> {
    const picker = dialog.getByRole('combobox', { name: 'Root key' });
    await picker.fill(search);
    await this.page
      .getByRole('option', { name: new RegExp(search) })
      .first()
      .click();
    await expect(picker).toHaveValue(new RegExp(search));
  }

  async openList(): Promise<void> {
    await this.page.goto('/buckets');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Buckets' })).toBeVisible();
  }

  async openBucket(name: string): Promise<void> {
    await this.page.goto(`/buckets/${encodeURIComponent(name)}`);
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  objectRow(name: string): Locator {
    return this.page
      .getByRole('table', { name: 'Objects' })
      .getByRole('row')
      .filter({ hasText: name });
  }

  /** Uploads files through the drop zone's file picker. */
  async upload(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.locator('.kw-dropzone input[type="file"]').setInputFiles(files);
  }

  /** Downloads an object through its row's button; returns the bytes saved. */
  async download(name: string): Promise<Buffer> {
    const downloading = this.page.waitForEvent('download');
    await this.objectRow(name)
      .getByRole('button', { name: /^Download/ })
      .click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(name);
    const stream = await download.createReadStream();
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  banner(): Locator {
    return this.page.locator('.kw-key-banner');
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.cds--toast-notification').filter({ hasText: text });
  }

  async dismissToasts(): Promise<void> {
    const close = this.page.locator('.cds--toast-notification__close-button');
    while ((await close.count()) > 0) await close.first().click();
  }

  async shot(name: string, width = 1400): Promise<void> {
    await this.page.setViewportSize({ width, height: 900 });
    await this.page.waitForTimeout(150);
    await this.page.screenshot({ path: `/tmp/shots-buckets/${name}.png`, fullPage: true });
    await this.page.setViewportSize({ width: 1280, height: 720 });
  }
}
