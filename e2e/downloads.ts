/** Files the console downloads, as a test reads them: bytes, text, digests. */
import type { Download, Page } from '@playwright/test';
import { createHash } from 'node:crypto';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export async function readBytes(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readDownload(download: Download): Promise<string> {
  return (await readBytes(download)).toString('utf8');
}

/** Runs `click` and returns the download it starts. */
export async function downloadOf(page: Page, click: () => Promise<void>): Promise<Download> {
  const waiting = page.waitForEvent('download');
  await click();
  return waiting;
}
