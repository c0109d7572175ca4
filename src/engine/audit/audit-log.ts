/**
 * The audit trail of SPEC.md section 12: appends events to a SHA-256 hash chain, group-commits
 * events of read-only operations, lists them with filters and verifies the chain.
 *
 * Why group commit: wrap and unwrap change no state, so writing one transaction per call would
 * make IndexedDB the bottleneck. Their events wait in memory at most FLUSH_DELAY_MS and are
 * written many per transaction. Events of state changes never wait: they are written in the
 * transaction of the change itself (`appendInTransaction`).
 */
import type { ListEventsQuery } from '../../domain/api';
import type { AuditEvent, ChainVerification } from '../../domain/types';
import { sha256Hex } from '../crypto/hash';
import type { Store } from '../store/database';
import type { StoreTx } from '../store/store-tx';

export const FLUSH_DELAY_MS = 50;
const FLUSH_BATCH = 2000;
export const GENESIS_HASH = '0'.repeat(64);

/** An event before it has its place in the chain. */
export type PendingEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** The exact text hashed for an event: every field but the hash, in a fixed order. */
export function eventDigestInput(e: Omit<AuditEvent, 'hash'>): string {
  return JSON.stringify([
    e.seq,
    e.id,
    e.time,
    e.action,
    e.initiator.id,
    e.initiator.name,
    e.initiator.roles,
    e.target.crn,
    e.target.keyId ?? null,
    e.target.instanceId ?? null,
    e.outcome,
    e.reason ?? null,
    e.correlationId,
    e.prevHash,
  ]);
}

export class AuditLog {
  private pending: PendingEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /** Queues the event of a read-only (or refused) operation for the next group commit. */
  queue(event: PendingEvent): void {
    this.pending.push(event);
    if (this.pending.length >= FLUSH_BATCH) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_DELAY_MS);
  }

  /**
   * Appends `events`, after every queued one, inside the caller's transaction. If the
   * transaction aborts, the queued events go back in the queue.
   */
  async appendInTransaction(tx: StoreTx, events: PendingEvent[]): Promise<() => void> {
    const queued = this.takePending();
    await this.append(tx, [...queued, ...events]);
    return () => this.requeue(queued);
  }

  /** Writes every queued event now. */
  flush(): Promise<void> {
    // A failed flush must not stop later ones: each link starts from a settled promise.
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        const batch = this.takePending();
        if (batch.length === 0) return;
        try {
          await this.store.write((tx) => this.append(tx, batch));
        } catch (error) {
          this.requeue(batch);
          throw error;
        }
      });
    return this.flushing;
  }

  async list(
    query: ListEventsQuery,
    visible: (e: AuditEvent) => boolean,
  ): Promise<{ events: AuditEvent[]; total: number }> {
    await this.flush();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 200;
    const from = query.from ? Date.parse(query.from) : -Infinity;
    const to = query.to ? Date.parse(query.to) : Infinity;
    const events: AuditEvent[] = [];
    let total = 0;
    const matches = (e: AuditEvent): boolean => {
      if (!visible(e)) return false;
      if (query.action && !e.action.startsWith(query.action)) return false;
      if (query.initiatorId && e.initiator.id !== query.initiatorId) return false;
      if (query.outcome && e.outcome !== query.outcome) return false;
      if (query.target && e.target.keyId !== query.target && e.target.crn !== query.target)
        return false;
      const t = Date.parse(e.time);
      return t >= from && t <= to;
    };
    await this.store.read((tx) =>
      tx.eachEvent((e) => {
        if (matches(e)) {
          if (total >= offset && events.length < limit) events.push(e);
          total++;
        }
        return true;
      }, query.newestFirst !== false),
    );
    return { events, total };
  }

  async verify(): Promise<ChainVerification> {
    await this.flush();
    let verified = 0;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let brokenAt: ChainVerification['brokenAt'];
    await this.store.read((tx) =>
      tx.eachEvent((e) => {
        const problem =
          e.seq !== expectedSeq
            ? `sequence jumps from ${expectedSeq - 1} to ${e.seq}: events are missing`
            : e.prevHash !== prevHash
              ? 'does not link to the event before it'
              : sha256Hex(eventDigestInput(e)) !== e.hash
                ? 'its content does not match its hash: it was altered'
                : undefined;
        if (problem) {
          brokenAt = { seq: e.seq, id: e.id, problem };
          return false;
        }
        verified++;
        prevHash = e.hash;
        expectedSeq++;
        return true;
      }),
    );
    return brokenAt ? { ok: false, verified, brokenAt } : { ok: true, verified };
  }

  private async append(tx: StoreTx, events: PendingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = await tx.lastEvent();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    for (const e of events) {
      seq++;
      const unhashed = { ...e, seq, prevHash };
      const event: AuditEvent = { ...unhashed, hash: sha256Hex(eventDigestInput(unhashed)) };
      await tx.putEvent(event);
      prevHash = event.hash;
    }
  }

  private takePending(): PendingEvent[] {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  private requeue(events: PendingEvent[]): void {
    if (events.length === 0) return;
    this.pending = [...events, ...this.pending];
    this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_DELAY_MS);
  }

  /** A background flush that fails keeps its events queued for the next attempt. */
  private flushInBackground(): void {
    this.flush().catch(() => undefined);
  }
}
