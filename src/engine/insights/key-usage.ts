/**
 * Last use of keys (SPEC section 15): per key and per key version, the last successful wrap,
 * unwrap or rewrap with its time, user and event id.
 *
 * Why this way: a wrap changes no state, so it must not cost a transaction of its own. The wrap
 * service notes which key version a call used (in memory); the audit log's group commit, which
 * writes the call's event, runs `onEventsAppended` inside the same transaction, and that writes
 * the usage records there. Object storage's wraps through the key gate are events of the same
 * actions on the key, so they count for the key (without a version: the gate does not note one).
 *
 * Other tabs: their records reach IndexedDB the same way; a `usage` change notice tells this
 * engine to re-read the instance's records before the next dashboard or filter.
 *
 * Why the hook seldom reads: reading each used key's record in every flush cost a database
 * round trip per flush (the read waits behind the flush's event block). The tracker keeps the
 * records it has read or written, together with the chain's head they are current at. Every
 * write of usage records happens in a transaction that appends events (the hook's, or a restore
 * that replaces everything and then appends its own event), so if a flush's first event links
 * to that head, no transaction — of this tab or another — has come in between, and the kept
 * records are what the store holds. Otherwise (another tab flushed, a restore, an aborted
 * transaction) the hook reads the store as before. A change notice cannot prove this (it comes
 * after the other tab's commit, possibly after our next flush has begun): the head does.
 */
import type { KeyUsage, KeyUse } from '../../domain/insights';
import type { AuditEvent } from '../../domain/types';
import type { EngineContext } from '../operation';
import type { KeyUsageRecord, KeyUseRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';

const USE_ACTIONS: Record<string, KeyUseRecord['action']> = {
  'kms.secrets.wrap': 'wrap',
  'kms.secrets.unwrap': 'unwrap',
  'kms.secrets.rewrap': 'rewrap',
};

/** Version notes older than this many calls are dropped (their event never came). */
const MAX_NOTES = 10_000;

/** Records kept for the hook at most (beyond that it starts over, reading what it needs). */
const MAX_KEPT = 50_000;

interface VersionNote {
  correlationId: string;
  action: string;
  keyId: string;
  versionId: string;
}

/** Usage records as the store holds them while the chain's head is `head` (see the top). */
interface KnownRecords {
  head: string;
  records: Map<string, KeyUsageRecord>;
}

export class KeyUsageTracker {
  /** Notes not taken yet, oldest first (a Set keeps insertion order and deletes in O(1)). */
  private notes = new Set<VersionNote>();
  /**
   * The same notes by correlation id, oldest first (the id alone: joining it with the action and
   * key id into one key cost more than the lookup; a list seldom holds more than one note).
   */
  private notesById = new Map<string, VersionNote[]>();
  /** Per instance: usage records by key id, once read from the store. */
  private byInstance = new Map<string, Map<string, KeyUsageRecord>>();
  /** What the hook knows without reading; undefined: nothing (read every record). */
  private known: KnownRecords | undefined;
  private trackingSince: number | undefined;

  constructor(private readonly env: EngineContext) {
    env.audit.onAppend((tx, events) => this.onEventsAppended(tx, events));
  }

  /** Records when tracking began, once per database (keys older than that say "unknown"). */
  async start(): Promise<void> {
    this.trackingSince = await this.env.store.write(async (tx) => {
      const since = await tx.getMeta('usageTrackingSince');
      if (since !== undefined) return since;
      const now = this.env.clock.now();
      await tx.putMeta('usageTrackingSince', now);
      return now;
    });
  }

  get since(): number {
    return this.trackingSince ?? 0;
  }

  /** Called by the wrap service on success: which version this call used. */
  note(correlationId: string, action: string, keyId: string, versionId: string): void {
    const note: VersionNote = { correlationId, action, keyId, versionId };
    this.notes.add(note);
    const same = this.notesById.get(correlationId);
    if (same) same.push(note);
    else this.notesById.set(correlationId, [note]);
    while (this.notes.size > MAX_NOTES) {
      const oldest = this.notes.values().next().value;
      if (!oldest) break;
      this.notes.delete(oldest);
      // The oldest note overall is the oldest of its correlation id too.
      const list = this.notesById.get(oldest.correlationId);
      list?.shift();
      if (list?.length === 0) this.notesById.delete(oldest.correlationId);
    }
  }

  /**
   * Another tab wrote usage records (or the account was replaced): re-read this instance's
   * before the next use. The hook's kept records go too (its head check would catch that
   * another tab wrote; dropping them costs one read).
   */
  invalidate(instanceId?: string): void {
    if (instanceId) this.byInstance.delete(instanceId);
    else this.byInstance.clear();
    this.known = undefined;
  }

  /** Usage records of every key of the instance that has one, by key id. */
  async ofInstance(instanceId: string): Promise<Map<string, KeyUsageRecord>> {
    let found = this.byInstance.get(instanceId);
    if (!found) {
      const records = await this.env.store.read((tx) => tx.keyUsageOfInstance(instanceId));
      found = new Map(records.map((r) => [r.keyId, r]));
      this.byInstance.set(instanceId, found);
    }
    return found;
  }

  /** One key's usage, read from the store (so another tab's uses show at once). */
  async ofKey(keyId: string, keyCreated: number): Promise<KeyUsage> {
    const record = await this.env.store.read((tx) => tx.getKeyUsage(keyId));
    return toKeyUsage(keyId, record, keyCreated, this.since);
  }

  private async onEventsAppended(tx: StoreTx, events: AuditEvent[]): Promise<void> {
    const first = events[0];
    const last = events[events.length - 1];
    if (!first || !last) return;
    // The kept records are the store's if nothing was appended since they were (see the top).
    const known =
      this.known && this.known.head === first.prevHash && this.known.records.size < MAX_KEPT
        ? this.known.records
        : new Map<string, KeyUsageRecord>();
    // Until this transaction has written its records, nothing is known; should it fail midway,
    // the next one reads.
    this.known = undefined;
    const changed = new Map<string, KeyUsageRecord>();
    const taken: VersionNote[] = [];
    for (const event of events) {
      const action = USE_ACTIONS[event.action];
      const instanceId = event.target.instanceId;
      if (!action || !instanceId) continue;
      // A batch call: each successful item is a use of its key and key version.
      const uses = event.items
        ? event.items
            .filter((i) => i.outcome === 'success')
            .map((i) => ({ keyId: i.keyId, versionId: i.keyVersion }))
        : event.outcome === 'success' && event.target.keyId
          ? [{ keyId: event.target.keyId, versionId: undefined }]
          : [];
      for (const { keyId, versionId: itemVersion } of uses) {
        const use: KeyUseRecord = {
          time: Date.parse(event.time),
          action,
          userId: event.initiator.id,
          userName: event.initiator.name,
          eventId: event.id,
        };
        let record = changed.get(keyId);
        if (!record) {
          // A copy: the kept record (shared with `byInstance`) stays as committed.
          const stored = known.get(keyId) ?? (await tx.getKeyUsage(keyId));
          record = stored
            ? { ...stored, versions: { ...stored.versions } }
            : { keyId, instanceId, last: use, versions: {} };
        }
        if (use.time >= record.last.time) record.last = use;
        const versionId =
          itemVersion ?? this.takeNote(event.correlationId, event.action, keyId, taken);
        if (versionId) record.versions[versionId] = use;
        changed.set(keyId, record);
      }
    }
    for (const record of changed.values()) {
      await tx.putKeyUsage(record);
      known.set(record.keyId, record);
      this.byInstance.get(record.instanceId)?.set(record.keyId, record);
    }
    // Current once this transaction commits, at the head it leaves. If it aborts, the store's
    // head stays where it was, so the next flush (linking there) does not match and reads; and
    // the notes go back, for the flush that writes these events again (they are kept, SPEC 14).
    const state: KnownRecords = { head: last.hash, records: known };
    this.known = state;
    tx.committed.catch(() => {
      if (this.known === state) this.known = undefined;
      this.giveBack(taken);
    });
    if (changed.size === 0) return;
    // Safe before the commit: another tab's read transaction waits for this one to finish.
    for (const instanceId of new Set([...changed.values()].map((r) => r.instanceId)))
      this.env.notify({ topic: 'usage', instanceId });
  }

  private takeNote(
    correlationId: string,
    action: string,
    keyId: string,
    taken: VersionNote[],
  ): string | undefined {
    const list = this.notesById.get(correlationId);
    if (!list) return undefined;
    const index = list.findIndex((n) => n.action === action && n.keyId === keyId);
    if (index < 0) return undefined;
    const [note] = list.splice(index, 1);
    if (!note) return undefined;
    if (list.length === 0) this.notesById.delete(correlationId);
    this.notes.delete(note);
    taken.push(note);
    return note.versionId;
  }

  /** Notes taken by a flush that did not commit: first again for their keys. */
  private giveBack(taken: VersionNote[]): void {
    for (let i = taken.length - 1; i >= 0; i--) {
      const note = taken[i]!;
      this.notes.add(note);
      const list = this.notesById.get(note.correlationId);
      if (list) list.unshift(note);
      else this.notesById.set(note.correlationId, [note]);
    }
  }
}

function toUse(record: KeyUseRecord): KeyUse {
  return {
    time: new Date(record.time).toISOString(),
    action: record.action,
    userId: record.userId,
    userName: record.userName,
    eventId: record.eventId,
  };
}

export function toKeyUsage(
  keyId: string,
  record: KeyUsageRecord | undefined,
  keyCreated: number,
  trackingSince: number,
): KeyUsage {
  const base = { keyId, trackingSince: new Date(trackingSince).toISOString() };
  if (!record)
    return { ...base, status: keyCreated < trackingSince ? 'unknown' : 'never', versions: {} };
  return {
    ...base,
    status: 'used',
    last: toUse(record.last),
    versions: Object.fromEntries(Object.entries(record.versions).map(([v, u]) => [v, toUse(u)])),
  };
}

/**
 * Whether the key is known not to have been used since `since`: its last use is older, or none
 * was recorded although tracking ran since then and the key existed then.
 */
export function unusedSince(
  record: KeyUsageRecord | undefined,
  keyCreated: number,
  trackingSince: number,
  since: number,
): boolean {
  if (record) return record.last.time < since;
  return trackingSince <= since && keyCreated <= since;
}
