/**
 * Change notices between server processes on one PostgreSQL: the engine's `ChangeChannel` over
 * LISTEN/NOTIFY, as BroadcastChannel carries them between browser tabs. A process ignores its
 * own notices (the engine already applied them), like a BroadcastChannel does.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotice } from '../domain/notices';
import type { ChangeChannel } from '../engine/engine';
import type { SqlDatabase } from './store/sql-database';

export const NOTIFY_CHANNEL = 'keyward_changes';

export class PgChangeChannel implements ChangeChannel {
  private readonly origin = randomUUID();
  private readonly listeners = new Set<(event: MessageEvent<ChangeNotice>) => void>();
  private stop: (() => Promise<void>) | undefined;
  private closed = false;

  private constructor(private readonly db: SqlDatabase) {}

  static async open(db: SqlDatabase): Promise<PgChangeChannel> {
    const channel = new PgChangeChannel(db);
    channel.stop = await db.listen(NOTIFY_CHANNEL, (payload) => channel.receive(payload));
    return channel;
  }

  private receive(payload: string): void {
    let message: { origin?: string; notice?: ChangeNotice };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (message.origin === this.origin || !message.notice) return;
    const event = { data: message.notice } as MessageEvent<ChangeNotice>;
    for (const listener of this.listeners) listener(event);
  }

  postMessage(notice: ChangeNotice): void {
    if (this.closed) return;
    // Sent after the change committed; a lost notice only delays a cache refresh elsewhere.
    this.db
      .notify(NOTIFY_CHANNEL, JSON.stringify({ origin: this.origin, notice }))
      .catch(() => undefined);
  }

  addEventListener(_type: 'message', listener: (event: MessageEvent<ChangeNotice>) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    void this.stop?.();
  }
}
