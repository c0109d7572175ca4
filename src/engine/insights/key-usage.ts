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

interface VersionNote {
  correlationId: string;
  action: string;
  keyId: string;
  versionId: string;
}

export class KeyUsageTracker {
  private notes: VersionNote[] = [];
  /** Per instance: usage records by key id, once read from the store. */
  private byInstance = new Map<string, Map<string, KeyUsageRecord>>();
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
    this.notes.push({ correlationId, action, keyId, versionId });
    if (this.notes.length > MAX_NOTES) this.notes.splice(0, this.notes.length - MAX_NOTES);
  }

  /** Another tab wrote usage records: re-read this instance's before the next use. */
  invalidate(instanceId?: string): void {
    if (instanceId) this.byInstance.delete(instanceId);
    else this.byInstance.clear();
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
    const changed = new Map<string, KeyUsageRecord>();
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
        const record = changed.get(keyId) ??
          (await tx.getKeyUsage(keyId)) ?? { keyId, instanceId, last: use, versions: {} };
        if (use.time >= record.last.time) record.last = use;
        const versionId = itemVersion ?? this.takeNote(event.correlationId, event.action, keyId);
        if (versionId) record.versions[versionId] = use;
        changed.set(keyId, record);
      }
    }
    if (changed.size === 0) return;
    for (const record of changed.values()) {
      await tx.putKeyUsage(record);
      this.byInstance.get(record.instanceId)?.set(record.keyId, record);
    }
    // Safe before the commit: another tab's read transaction waits for this one to finish.
    for (const instanceId of new Set([...changed.values()].map((r) => r.instanceId)))
      this.env.notify({ topic: 'usage', instanceId });
  }

  private takeNote(correlationId: string, action: string, keyId: string): string | undefined {
    const index = this.notes.findIndex(
      (n) => n.correlationId === correlationId && n.action === action && n.keyId === keyId,
    );
    if (index < 0) return undefined;
    const [note] = this.notes.splice(index, 1);
    return note?.versionId;
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
