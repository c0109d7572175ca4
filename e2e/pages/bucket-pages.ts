/**
 * Page objects of the buckets pages (/buckets, /buckets/:name), plus engine helpers on
 * `window.keyward` for the steps a presenter takes elsewhere (authorizing storage, key
 * lifecycle): the same checks as the UI, never a mock.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readBytes } from '../downloads';
import { EngineDriver, type Ctx, type Refusal } from '../engine-driver';
import { Shots } from '../shots';
import { ShellPage } from './shell-page';

export type { Ctx };

export class BucketPages {
  readonly engine: EngineDriver;
  readonly shell: ShellPage;

  constructor(readonly page: Page) {
    this.engine = new EngineDriver(page);
    this.shell = new ShellPage(page);
  }

  async storageContext(userId: string): Promise<Ctx> {
    return this.engine.cos(userId);
  }

  /** Calls an engine method as `userId` (kms or storage instance); returns the refusal or 'allowed'. */
  async call(ctx: Ctx, method: string, args: unknown[]): Promise<Refusal | 'allowed'> {
    return this.engine.call(ctx, method, args);
  }

  async kms(userId = 'user-manager'): Promise<Ctx> {
    return this.engine.kms(userId);
  }

  /** Authorizes the storage instance to use the demo kms instance's keys (as the Administrator). */
  async authorizeStorage(): Promise<void> {
    await this.engine.authorizeStorage();
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
    return readBytes(download);
  }

  banner(): Locator {
    return this.page.locator('.kw-key-banner');
  }

  toast(text: string | RegExp): Locator {
    return this.shell.toast(text);
  }

  async dismissToasts(): Promise<void> {
    await this.shell.dismissToasts();
  }

  /** A screenshot at `width`, into KEYWARD_SHOTS or else /tmp/shots-buckets. */
  async shot(name: string, width = 1400): Promise<void> {
    await new Shots(this.page, process.env.KEYWARD_SHOTS ?? '/tmp/shots-buckets').widths(name, {
      widths: [width],
      suffix: false,
    });
  }
}
