/**
 * What this engine keeps in memory of the store (directory, key cache, schedules, usage, seal)
 * and when it drops it: on a change notice from another tab, and when the whole account is
 * replaced (a checkpoint or backup restored, a reset, a scenario; here or in another tab).
 */
import type { ChangeNotice } from '../domain/notices';
import type { StorageArea } from './cos/storage-area';
import type { Housekeeping } from './housekeeping';
import type { InsightsService } from './insights/insights-service';
import type { AccountSeal } from './kms/account-seal';
import type { ImportTokenService } from './kms/import-tokens';
import type { KeyCache } from './kms/key-cache';
import type { KeyNotifier } from './kms/key-notifications';
import type { EngineContext } from './operation';

export interface RememberedState {
  cache: KeyCache;
  housekeeping: Housekeeping;
  importTokens: ImportTokenService;
  keyNotifier: KeyNotifier;
  insights: InsightsService;
  storage: StorageArea;
  seal: AccountSeal;
}

export class StaleState {
  constructor(
    private readonly env: EngineContext,
    private readonly state: RememberedState,
  ) {}

  /** A change committed by another tab: drop what it may have made stale. */
  onNotice(notice: ChangeNotice): void {
    const { cache, housekeeping } = this.state;
    switch (notice.topic) {
      case 'keys':
        if (notice.keyId) cache.invalidate(notice.keyId);
        else cache.clear();
        housekeeping.forgetKeySchedules();
        // Should that tab close before delivering its key change's notifications, this one does.
        this.state.keyNotifier.deliverSoon();
        break;
      case 'clock':
        if (notice.clockOffsetMs !== undefined) this.env.clock.setOffset(notice.clockOffsetMs);
        break;
      case 'access':
        this.accessChanged();
        break;
      case 'usage':
        this.state.insights.usage.invalidate(notice.instanceId);
        break;
      case 'importToken':
        this.state.importTokens.forgetSchedule();
        break;
      case 'account':
        void this.accountReplaced().catch(() => undefined);
        break;
    }
  }

  /** Access changed (here or in another tab): drop the directory and the keys read under it. */
  accessChanged(): void {
    this.env.directory.invalidate();
    this.state.cache.clear();
  }

  /** The whole account was replaced: forget everything read of the old one. */
  async accountReplaced(): Promise<void> {
    this.accessChanged();
    this.state.housekeeping.forgetKeySchedules();
    this.state.importTokens.forgetSchedule();
    this.state.storage.forget();
    // A restored account brings its own seal (or none): keys unsealed here are of the old one.
    this.state.seal.reset();
    const offset = await this.env.store.read((tx) => tx.getMeta('clockOffsetMs'));
    this.env.clock.setOffset(offset ?? 0);
    await this.state.insights.restart();
  }
}
