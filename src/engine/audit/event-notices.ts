/**
 * `events` notices: a call that records an event but commits no change (a refusal; a wrap; a
 * payload read) tells consoles that the audit trail grew, so the events page and the key's
 * history refresh. Which calls announce is `announcesEvent` in domain/notices.ts. Announcements
 * are coalesced per task and per (instance, key): a burst of wraps posts one notice, not one per
 * wrap, so throughput does not pay for it. The event itself may still be queued for the group
 * commit; the refresh reads it anyway (listing events flushes the queue first).
 */
import type { ChangeNotice } from '../../domain/notices';

export class EventAnnouncer {
  private readonly pending = new Map<string, ChangeNotice>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly notify: (notice: ChangeNotice) => void) {}

  /** Announces, soon, that an event about `target` was recorded. */
  announce(target: { instanceId?: string; keyId?: string }): void {
    if (this.stopped) return;
    const instanceId = target.instanceId || undefined;
    const notice: ChangeNotice = {
      topic: 'events',
      ...(instanceId ? { instanceId } : {}),
      ...(target.keyId ? { keyId: target.keyId } : {}),
    };
    this.pending.set(`${instanceId ?? ''}|${target.keyId ?? ''}`, notice);
    this.timer ??= setTimeout(() => this.flush(), 0);
  }

  /** Drops what was not announced yet (the engine is closing). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const notices = [...this.pending.values()];
    this.pending.clear();
    for (const notice of notices) this.notify(notice);
  }
}
