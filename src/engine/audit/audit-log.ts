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
import { invalidField } from '../../domain/errors';
import { actionMatches } from '../../domain/event-names';
import { eventActionFor } from '../../domain/hpcs';
import { isRoutineRead } from '../../domain/routine-reads';
import type { AuditEvent, ChainVerification, EventsDigest } from '../../domain/types';
import { boundedEvent } from './bounds';
import { digestSignatureProblem } from './digest';
import { sha256Hex } from '../crypto/hash';
import type { Store } from '../store/database';
import type { StoreTx } from '../store/store-tx';

export const FLUSH_DELAY_MS = 50;
const FLUSH_BATCH = 2000;
export const GENESIS_HASH = '0'.repeat(64);

/** The chain's last event: where the next one links. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** An event before it has its place in the chain. */
export type PendingEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** A queued event, and the caller waiting for it to be committed (`queueDurable`), if any. */
interface Queued {
  event: PendingEvent;
  waiter?: { resolve: () => void; reject: (error: unknown) => void };
  /** Requeued, not dropped, if its flush fails (refusals: their caller hears the refusal). */
  keepIfUnwritten?: boolean;
}

/** The exact text hashed for an event: every field but the hash, in a fixed order. */
export function eventDigestInput(e: Omit<AuditEvent, 'hash'>): string {
  const fields: unknown[] = [
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
  ];
  // A batch's items are hashed after the fields every event has, only where present: events
  // without items hash exactly as they did before batches existed.
  if (e.items)
    fields.push(e.items.map((i) => [i.keyId, i.keyVersion ?? null, i.outcome, i.code ?? null]));
  return JSON.stringify(fields);
}

export class AuditLog {
  private pending: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Settles once the last flush started has committed (or failed). */
  private flushing: Promise<void> = Promise.resolve();
  /** Settles once the last flush started has written its events (its commit may be pending). */
  private written: Promise<void> = Promise.resolve();
  private prompt = false;
  private readonly appendHooks: ((tx: StoreTx, events: AuditEvent[]) => Promise<void>)[] = [];

  constructor(private readonly store: Store) {}

  /**
   * Runs `hook` inside every transaction that appends events, with the events appended (last
   * use of keys is written this way: with the group-committed batch, never a transaction per wrap).
   */
  onAppend(hook: (tx: StoreTx, events: AuditEvent[]) => Promise<void>): void {
    this.appendHooks.push(hook);
  }

  /** Queues the event of a read-only (or refused) operation for the next group commit. */
  queue(event: PendingEvent): void {
    this.pending.push({ event });
    if (this.pending.length >= FLUSH_BATCH) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_DELAY_MS);
  }

  /**
   * Queues a call's event and resolves once it is committed (SPEC 14: durable before answered).
   * Why still a group commit: the flush starts at the next turn of the event loop instead of
   * after FLUSH_DELAY_MS, and events queued while one flush writes go together in the next, so
   * an idle engine answers promptly and a busy one writes many events per transaction. If the
   * write fails (storage full), the promise rejects and the event is dropped — its caller is told
   * the call failed, so nothing unrecorded was answered — unless `keepIfUnwritten` (a refusal,
   * answered as refused either way, whose event is then written by a later flush).
   */
  queueDurable(event: PendingEvent, keepIfUnwritten = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, waiter: { resolve, reject }, keepIfUnwritten });
      if (this.pending.length >= FLUSH_BATCH) this.flushInBackground();
      else if (!this.prompt) {
        this.prompt = true;
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flushInBackground(), 0);
      }
    });
  }

  /**
   * Appends `events`, after every queued one, inside the caller's transaction. If the
   * transaction aborts, the queued events go back in the queue.
   */
  async appendInTransaction(
    tx: StoreTx,
    events: PendingEvent[],
    head?: Promise<ChainHead>,
  ): Promise<() => void> {
    const queued = this.takePending();
    try {
      await this.append(tx, [...queued, ...events.map((event) => ({ event }))], head);
    } catch (error) {
      this.requeue(queued);
      throw error;
    }
    return () => this.requeue(queued);
  }

  /**
   * Writes every queued event now; resolves once they (and every earlier flush) are committed.
   *
   * Why flushes overlap: the next flush opens its transaction as soon as the previous one has
   * written its events, while that one is still committing. IndexedDB starts it only after the
   * previous transaction ends (both span the events store), and it reads the chain's head inside
   * itself, so the chain stays in order and whole even if the previous commit fails; what it
   * saves is the worker's round trip between one commit and the next transaction.
   */
  flush(): Promise<void> {
    const previousWritten = this.written;
    let written!: () => void;
    this.written = new Promise<void>((resolve) => (written = resolve));
    const previousCommit = this.flushing;
    const commit = previousWritten.then(async () => {
      const batch = this.takePending();
      if (batch.length === 0) {
        written();
        return previousCommit.catch(() => undefined);
      }
      try {
        await this.store.write(async (tx) => {
          try {
            await this.append(tx, batch);
          } finally {
            written();
          }
        });
      } catch (error) {
        written();
        // Callers waiting for their event learn that it failed; the others' events stay queued.
        // A refusal's event (keepIfUnwritten) is kept for a later flush all the same.
        for (const q of batch) q.waiter?.reject(error);
        this.requeue(
          batch
            .filter((q) => !q.waiter || q.keepIfUnwritten)
            .map(({ waiter: _w, ...rest }) => rest),
        );
        throw error;
      }
    });
    // A failed flush must not stop later ones: each starts from a settled promise.
    this.flushing = commit.catch(() => undefined);
    return commit;
  }

  /**
   * One page of the events that pass `visible` and the query's filters, with their total.
   *
   * Why two paths: a key id target is answered from the events store's key indexes (`byKeyIds`
   * over event blocks, `byKeyId` over older single records: `StoreTx.eventsOfKey`), which give
   * exactly that key's events in chain order, instead of a cursor over every event. (An
   * event matches a key id only through `target.keyId`: a CRN never looks like a UUID.) Other
   * queries visit every event once.
   */
  async list(
    query: ListEventsQuery,
    visible: (e: AuditEvent) => boolean,
  ): Promise<{ events: AuditEvent[]; total: number; routineReadsHidden?: number }> {
    await this.flush();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 200;
    const matches = eventFilter(query, visible);
    const newestFirst = query.newestFirst !== false;
    // Routine reads are left out in the same pass, before paging: pages and totals stay exact.
    const hideRoutine = query.routineReads === false;
    const events: AuditEvent[] = [];
    let total = 0;
    let hidden = 0;
    const visit = (e: AuditEvent): boolean => {
      if (matches(e)) {
        if (hideRoutine && isRoutineRead(e)) hidden++;
        else {
          if (total >= offset && events.length < limit) events.push(e);
          total++;
        }
      }
      return true;
    };
    const keyId = query.target && UUID.test(query.target) ? query.target : undefined;
    await this.store.read(async (tx) => {
      if (keyId === undefined) return tx.eachEvent(visit, newestFirst);
      // A key's events in chain order.
      const ofKey = await tx.eventsOfKey(keyId);
      if (newestFirst) ofKey.reverse();
      ofKey.forEach(visit);
    });
    return hideRoutine ? { events, total, routineReadsHidden: hidden } : { events, total };
  }

  /**
   * Verifies the chain from its first event, and against each digest given (signed heads an
   * auditor kept): the event at each digest's place must still have the digest's hash.
   */
  async verify(digests: readonly EventsDigest[] = []): Promise<ChainVerification> {
    await this.flush();
    const signatureProblems = await Promise.all(
      digests.map((d) => digestSignatureProblem(this.store, d)),
    );
    const wanted = new Set(digests.map((d) => d.seq));
    const hashAt = new Map<number, string>();
    let verified = 0;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let brokenAt: ChainVerification['brokenAt'];
    await this.store.read(async (tx) => {
      // A record of several events (an event block) whose own fields were altered while its
      // events still chain: a key's history, read through the block's key ids, would not show
      // them. Reported at the block's first event, which is where what verifies ends.
      const onRecordProblem = (first: AuditEvent, problem: string) => {
        brokenAt = { seq: first.seq, id: first.id, problem };
        verified = first.seq - 1;
        return false;
      };
      await tx.eachEvent(
        (e) => {
          const problem =
            Object.keys(e).some((k) => !EVENT_FIELDS.has(k)) ||
            Object.keys(e.target).some((k) => !TARGET_FIELDS.has(k))
              ? 'it holds fields the engine never writes (outside its hash)'
              : e.seq !== expectedSeq
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
          if (wanted.has(e.seq)) hashAt.set(e.seq, e.hash);
          prevHash = e.hash;
          expectedSeq++;
          return true;
        },
        false,
        onRecordProblem,
      );
      // The head recorded with the last append says where the chain must end.
      const head = await tx.getMeta('auditHead');
      if (!brokenAt && head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
        brokenAt = {
          seq: Math.min(expectedSeq, head.seq + 1),
          id: '',
          problem:
            head.seq > expectedSeq - 1
              ? `the log ends at #${expectedSeq - 1} but #${head.seq} was written: the newest events were removed`
              : `events after #${head.seq} were not written by the engine`,
        };
      }
    });
    const lastGood = verified;
    const checks = digests.map((d, i) => {
      const problem =
        signatureProblems[i] ??
        (d.seq > lastGood
          ? brokenAt && brokenAt.seq <= d.seq
            ? `the chain is broken at #${brokenAt.seq}, before this digest's head #${d.seq}`
            : `the log ends at #${lastGood} but this digest was signed at #${d.seq}: events were removed`
          : hashAt.get(d.seq) !== d.hash
            ? `event #${d.seq} no longer has the hash signed in this digest: history was rewritten after it`
            : undefined);
      return problem
        ? { seq: d.seq, time: d.time, ok: false, problem }
        : { seq: d.seq, time: d.time, ok: true };
    });
    const failed = checks.find((c) => !c.ok);
    if (!brokenAt && failed)
      brokenAt = { seq: failed.seq, id: '', problem: failed.problem ?? 'digest mismatch' };
    const result: ChainVerification = brokenAt
      ? { ok: false, verified, brokenAt }
      : { ok: true, verified };
    if (digests.length > 0) result.digests = checks;
    return result;
  }

  /**
   * Where the next event links: the recorded head (or, in a database from before the head was
   * recorded, the last event). A caller that writes much before its events may read it first
   * (`appendInTransaction`'s `head`), so the read does not wait behind its writes; nothing but
   * the append writes the head, so it is the same then as at the append.
   */
  async chainHeadIn(tx: StoreTx): Promise<ChainHead> {
    // Chain from the recorded head, not from whatever event is last: if the newest events were
    // removed, the next ones leave a gap that verify() reports.
    const head = await tx.getMeta('auditHead');
    const last = head ? undefined : await tx.lastEvent();
    return { seq: head?.seq ?? last?.seq ?? 0, hash: head?.hash ?? last?.hash ?? GENESIS_HASH };
  }

  private async append(
    tx: StoreTx,
    queued: Queued[],
    readHead?: Promise<ChainHead>,
  ): Promise<void> {
    if (queued.length === 0) return;
    // Whoever waits for these events hears once this transaction commits (not if it aborts).
    const waiters = queued.flatMap((q) => (q.waiter ? [q.waiter] : []));
    if (waiters.length > 0)
      tx.committed.then(
        () => waiters.forEach((w) => w.resolve()),
        () => undefined,
      );
    const events = queued.map((q) => q.event);
    const head = await (readHead ?? this.chainHeadIn(tx));
    let seq = head.seq;
    let prevHash = head.hash;
    const written: AuditEvent[] = [];
    for (const e of events) {
      seq++;
      // hpcs instances' events carry the `hs-crypto.` prefix (SPEC section 11).
      const bounded = boundedEvent(e);
      const unhashed = {
        ...bounded,
        action: eventActionFor(bounded.action, bounded.target.crn),
        seq,
        prevHash,
      };
      const event: AuditEvent = { ...unhashed, hash: sha256Hex(eventDigestInput(unhashed)) };
      written.push(event);
      prevHash = event.hash;
    }
    // The events go in one record, an event block (schema v9): IndexedDB pays per record put,
    // so one record per event capped a flush near 11,000 events a second. The writes are issued
    // together and awaited together: IndexedDB runs a transaction's requests in order, and a
    // failed put aborts the transaction, its rejection reaching the caller through Promise.all.
    const puts = [tx.putEvents(written), tx.putMeta('auditHead', { seq, hash: prevHash })];
    // The hooks' requests (last use of keys: a read, then a write) queue behind the puts rather
    // than wait for them: one round trip to the database less per flush. Any failure still
    // aborts the whole transaction, events and hooks' writes together.
    await Promise.all([...puts, this.runHooks(tx, written)]);
  }

  private async runHooks(tx: StoreTx, written: AuditEvent[]): Promise<void> {
    for (const hook of this.appendHooks) await hook(tx, written);
  }

  private takePending(): Queued[] {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.prompt = false;
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  private requeue(events: Queued[]): void {
    if (events.length === 0) return;
    this.pending = [...events, ...this.pending];
    this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_DELAY_MS);
  }

  /** A background flush that fails keeps its events queued for the next attempt. */
  private flushInBackground(): void {
    this.flush().catch(() => undefined);
  }
}

/** Every field an event may have; all of them are in its hash. */
const EVENT_FIELDS = new Set([
  'seq',
  'id',
  'time',
  'action',
  'initiator',
  'target',
  'outcome',
  'reason',
  'correlationId',
  'items',
  'prevHash',
  'hash',
]);
const TARGET_FIELDS = new Set(['crn', 'keyId', 'instanceId']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The test an event must pass to be listed for `query`. */
function eventFilter(
  query: ListEventsQuery,
  visible: (e: AuditEvent) => boolean,
): (e: AuditEvent) => boolean {
  if (query.search !== undefined && typeof query.search !== 'string')
    throw invalidField('search', 'must be text');
  const needle = query.search?.trim().toLowerCase() ?? '';
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  return (e) => {
    if (!visible(e)) return false;
    // Old and current names both match (stored events keep the name they were written with).
    if (query.action && !actionMatches(query.action, e.action)) return false;
    if (query.initiatorId && e.initiator.id !== query.initiatorId) return false;
    if (query.outcome && e.outcome !== query.outcome) return false;
    if (query.target && e.target.keyId !== query.target && e.target.crn !== query.target)
      return false;
    const t = Date.parse(e.time);
    if (t < from || t > to) return false;
    return needle === '' || searchableText(e).includes(needle);
  };
}

/**
 * The fields free-text search looks in, lowercased and joined by a character nobody types, so
 * that a term never matches across two fields.
 */
function searchableText(e: AuditEvent): string {
  return [
    e.action,
    e.initiator.name,
    e.initiator.id,
    e.target.crn,
    e.target.keyId ?? '',
    e.outcome,
    e.reason?.code ?? '',
  ]
    .join('\u0000')
    .toLowerCase();
}
