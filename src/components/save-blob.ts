/**
 * Hands content to the browser as a file download, through a temporary link: a Blob as it is,
 * or text and bytes as a Blob of `type`. The one download helper of the console.
 */

/**
 * How long the object URL outlives the click. Revoking at once can cancel a download the browser
 * has not started reading yet; a minute is ample for a large object on a loaded machine.
 */
export const REVOKE_AFTER_MS = 60_000;

export function saveBlob(
  content: BlobPart,
  fileName: string,
  type = typeof content === 'string' ? 'text/plain' : 'application/octet-stream',
): void {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
