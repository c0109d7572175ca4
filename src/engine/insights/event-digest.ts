/**
 * What the dashboard and notifications need of the audit trail, kept current incrementally: per
 * instance, successes and refusals per hour; per key, the last lifecycle notification's outcome
 * (a failed acknowledgement stays until a later notification of the key succeeds).
 *
 * Why incremental: with 500,000 events, reading them all per dashboard call would take seconds.
 * The first call reads every event once; each later call reads only the events after the last
 * one seen (one cursor from that sequence number), whichever tab wrote them.
 *
 * An event belongs to an instance by `target.instanceId`; events without one (account-level, such
 * as the demo clock) count in every instance, as the events page lists them there too.
 */
import type { AuditEvent } from '../../domain/types';
import { HOUR } from '../../domain/time';
import type { Store } from '../store/database';

export interface HourCounts {
  successes: number;
  refusals: number;
}

export interface AckFailure {
  keyId: string;
  instanceId: string;
  time: number;
  eventId: string;
  message: string;
}

const ACCOUNT = '';

export class EventDigest {
  private lastSeq = 0;
  private hours = new Map<string, Map<number, HourCounts>>();
  private ackFailures = new Map<string, AckFailure>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /** Reads the events appended since the last call (by any tab). */
  refresh(): Promise<void> {
    // Concurrent callers share one read: two cursors from the same seq would count twice.
    this.refreshing ??= this.readNew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Counts per hour index (`floor(time / HOUR)`) of the instance's events. */
  hourly(instanceId: string): { hour: number; counts: HourCounts }[] {
    const out: { hour: number; counts: HourCounts }[] = [];
    for (const scope of [instanceId, ACCOUNT])
      for (const [hour, counts] of this.hours.get(scope) ?? []) out.push({ hour, counts });
    return out;
  }

  /** Keys of the instance whose latest lifecycle notification failed. */
  failedAcknowledgements(instanceId: string): AckFailure[] {
    return [...this.ackFailures.values()].filter((f) => f.instanceId === instanceId);
  }

  private async readNew(): Promise<void> {
    await this.store.read(async (tx) => {
      const head = await tx.getMeta('auditHead');
      // The log was replaced (restored from a backup, another database): start over.
      if (head && head.seq < this.lastSeq) this.reset();
      await tx.eachEventAfter(this.lastSeq, (e) => this.add(e));
    });
  }

  /** Forgets what was counted (the account was replaced). */
  reset(): void {
    this.lastSeq = 0;
    this.hours.clear();
    this.ackFailures.clear();
  }

  private add(e: AuditEvent): void {
    this.lastSeq = e.seq;
    const scope = e.target.instanceId ?? ACCOUNT;
    const hour = Math.floor(Date.parse(e.time) / HOUR);
    let ofScope = this.hours.get(scope);
    if (!ofScope) this.hours.set(scope, (ofScope = new Map()));
    const counts = ofScope.get(hour) ?? { successes: 0, refusals: 0 };
    if (e.outcome === 'success') counts.successes++;
    else counts.refusals++;
    ofScope.set(hour, counts);
    if (e.action === 'kms.registrations.notify' && e.target.keyId) {
      if (e.outcome === 'success') this.ackFailures.delete(e.target.keyId);
      else
        this.ackFailures.set(e.target.keyId, {
          keyId: e.target.keyId,
          instanceId: e.target.instanceId ?? ACCOUNT,
          time: Date.parse(e.time),
          eventId: e.id,
          message: e.reason?.message ?? 'The service did not acknowledge.',
        });
    }
  }
}
