/**
 * Storage full is survivable (SPEC 14): Keyward never lets itself fill the origin's quota. While
 * less than a reserve is free, calls that would store more (create, import, rotate, upload, …)
 * are refused with 507 STORAGE_FULL_ERR before they write anything, and the reserve stays for
 * what frees space — deleting objects and buckets, deleting and purging keys, aborting uploads —
 * and for the (bounded, few-kilobyte) events that every call, reads included, must still record.
 *
 * Why a reserve and not "events that fit": browsers refuse a transaction whose writes exceed the
 * quota even when it also deletes, so at a truly full quota even a deletion's event would fail.
 * The free space comes from `navigator.storage.estimate()`, read at most once a second.
 */
import { engineError } from '../../domain/errors';

/** The most kept free; less on a small quota (5 % of it). */
export const RESERVE_MAX_BYTES = 4 * 1024 * 1024;
const ESTIMATE_MS = 1000;

export type SpaceEstimate = () => Promise<{ usage?: number; quota?: number }>;

/** The browser's own estimate, where there is one. */
export function browserEstimate(): SpaceEstimate | undefined {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  return storage?.estimate ? () => storage.estimate() : undefined;
}

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

export class StorageReserve {
  private last: { at: number; usage: number; quota: number } | undefined;

  constructor(
    private readonly estimate: SpaceEstimate | undefined,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Refuses (507) when less than the reserve is free; frees nothing, writes nothing. */
  async requireRoom(): Promise<void> {
    if (!this.estimate) return;
    const now = this.realNow();
    if (!this.last || now - this.last.at >= ESTIMATE_MS) {
      const { usage, quota }: { usage?: number; quota?: number } = await this.estimate().catch(
        () => ({}),
      );
      if (usage === undefined || quota === undefined || quota <= 0) return;
      this.last = { at: now, usage, quota };
    }
    const { usage, quota } = this.last;
    const reserve = Math.min(RESERVE_MAX_BYTES, quota * 0.05);
    if (quota - usage >= reserve) return;
    throw engineError(
      'STORAGE_FULL_ERR',
      `The browser storage for Keyward is nearly full (${mb(usage)} of ${mb(quota)} MB used); nothing was saved. The last ${mb(reserve)} MB are kept so that freeing space still works: delete objects or buckets, delete and purge keys, or clear other sites’ data, then try again.`,
    );
  }

  /** After something was freed: read the estimate again at the next check. */
  forget(): void {
    this.last = undefined;
  }
}
