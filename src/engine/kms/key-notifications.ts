/**
 * Key lifecycle notifications (SPEC section 10): after a key is rotated, disabled, enabled,
 * deleted or restored (and when a Writer asks for a sync), kms tells the owner of every resource
 * registered with the key (the object storage area for buckets) through this interface, and the
 * owner acknowledges. Both sides are audited: `kms.registrations.notify` on the key, and the
 * owner's acknowledgement on the resource. A failing owner never undoes the key change; its
 * failure is recorded.
 *
 * Jobs that are never lost, and run once (issue 14): the notification is an outbox record
 * (`keyNotices`) written by `recordKeyChange` in the transaction of the key change itself, so a
 * tab closed between the change and the delivery loses nothing. `KeyNotifier.deliverPending`
 * delivers each record in one transaction that reads it, lets every owner act on it (storage
 * writes its acknowledgement and the rewrap job it starts), appends the events and deletes the
 * record: two engines (tabs, or server processes) delivering at once cannot both deliver it,
 * because write transactions do not interleave and the second finds the record gone. Whichever
 * engine runs next delivers what is left: the one that made the change right after it commits,
 * any engine on opening, and a tab that hears of another tab's key change, a moment later.
 */
import { parseCrn } from '../../domain/crn';
import { EngineError, engineError } from '../../domain/errors';
import { randomUUID } from '../crypto/random';
import type { EngineContext } from '../operation';
import type { PendingEvent } from '../audit/audit-log';
import { toEngineError } from '../operation';
import type { KeyChangeKind, KeyNoticeRecord, KeyRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';

/** A lifecycle change, or `synced`: Key Protect's sync, which notifies again of the key as it is. */
export type KeyChange = KeyChangeKind;

export interface KeyChangeNotification {
  change: KeyChange;
  keyId: string;
  keyCrn: string;
  keyName: string;
  keyInstanceId: string;
  /** The key's current version after the change. */
  keyVersionId: string;
  /** The registered resource this notification is about. */
  resourceCrn: string;
  correlationId: string;
}

/** What an owner did with a notification inside the delivery's transaction. */
export interface Acknowledgement {
  /** Its events (the acknowledgement), appended after kms's notify event. */
  events: PendingEvent[];
  /** Runs once the delivery has committed (start a rewrap, tell consoles). */
  afterCommit?: () => void;
}

/** A service that owns registered resources (by the service part of their CRN). */
export interface ResourceOwner {
  service: string;
  /**
   * Acknowledges the notification and acts on it, writing only through `tx` (no other awaits:
   * the delivery is one transaction). Throws an EngineError, before writing anything, when it
   * cannot (e.g. no such resource).
   */
  onKeyChange(tx: StoreTx, notification: KeyChangeNotification): Promise<Acknowledgement>;
}

/** A delivery started this long after another tab's key change finds it already delivered. */
const OTHER_TAB_GRACE_MS = 2000;

/**
 * In the transaction of a key change: records the notification of every resource registered with
 * the key (none: nothing is written). Returns the key record to store — with when the registered
 * services were last told (a sync within the hour is refused), which a sync sets itself.
 */
export async function recordKeyChange(
  tx: StoreTx,
  change: KeyChange,
  key: KeyRecord,
  correlationId: string,
  now: number,
): Promise<KeyRecord> {
  const registrations = await tx.registrationsOfKey(key.id);
  if (registrations.length === 0) return key;
  const notice: KeyNoticeRecord = {
    id: `${String(Math.max(0, Math.floor(now))).padStart(16, '0')}-${randomUUID()}`,
    createdAt: now,
    change,
    keyId: key.id,
    keyCrn: key.crn,
    keyName: key.name,
    keyInstanceId: key.instanceId,
    keyVersionId: key.currentVersion.id,
    resourceCrns: registrations.map((r) => r.resourceCrn),
    correlationId,
  };
  await tx.putKeyNotice(notice);
  return change === 'synced' ? key : { ...key, lastNotifiedAt: now };
}

export class KeyNotifier {
  private readonly owners = new Map<string, ResourceOwner>();
  private delivering: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly env: EngineContext) {}

  subscribe(owner: ResourceOwner): void {
    this.owners.set(owner.service, owner);
  }

  /**
   * Delivers every notification still in the outbox, oldest first, each in its own transaction.
   * Concurrent calls share one run (and a call during a run makes it look again). A delivery
   * that cannot be written (storage full) stays in the outbox for the next run.
   */
  deliverPending(): Promise<void> {
    if (this.delivering) {
      this.again = true;
      return this.delivering;
    }
    const run = async () => {
      do {
        this.again = false;
        const ids = await this.env.store.read(async (tx) =>
          (await tx.listKeyNotices()).map((n) => n.id),
        );
        for (const id of ids) await this.deliver(id);
      } while (this.again && !this.stopped);
    };
    this.delivering = run().finally(() => {
      this.delivering = undefined;
    });
    return this.delivering;
  }

  /**
   * Another tab changed keys: should it close before delivering, this engine delivers in its
   * place, a moment later (an outbox already delivered by that tab costs one read).
   */
  deliverSoon(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.deliverPending().catch(() => undefined);
    }, OTHER_TAB_GRACE_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** The engine closes: no further delivery starts here (the outbox keeps what is left). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.delivering?.catch(() => undefined);
  }

  /** Delivers one notification, in one transaction; nothing if another engine already did. */
  private async deliver(id: string): Promise<void> {
    let restoreQueue: (() => void) | undefined;
    let after: (() => void)[] = [];
    try {
      await this.env.store.write(async (tx) => {
        after = [];
        const notice = await tx.getKeyNotice(id);
        if (!notice) return;
        const events: PendingEvent[] = [];
        for (const resourceCrn of notice.resourceCrns) {
          const owner = this.owners.get(parseCrn(resourceCrn)?.service ?? '');
          if (!owner) {
            events.push(
              this.event(
                notice,
                'failure',
                engineError('INSTANCE_NOT_FOUND_ERR', `No service owns ${resourceCrn}`),
              ),
            );
            continue;
          }
          try {
            const ack = await owner.onKeyChange(tx, toNotification(notice, resourceCrn));
            // Sent first, so the chain reads notify → acknowledge.
            events.push(this.event(notice, 'success'), ...ack.events);
            if (ack.afterCommit) after.push(ack.afterCommit);
          } catch (error) {
            const refusal = toEngineError(error);
            // Only an owner's own refusal (thrown before it wrote) is recorded and passed over.
            if (refusal.status === 500) throw error;
            events.push(this.event(notice, 'success'), this.event(notice, 'failure', refusal));
          }
        }
        await tx.deleteKeyNotice(id);
        restoreQueue = await this.env.audit.appendInTransaction(tx, events);
        // A failed acknowledgement is a dashboard notification (SPEC 15): consoles refetch them
        // on a `keys` notice of the key, posted once this transaction has committed.
        if (events.some((e) => e.outcome === 'failure')) {
          const { keyInstanceId: instanceId, keyId } = notice;
          after.push(() => this.env.notify({ topic: 'keys', instanceId, keyId }));
        }
      });
    } catch (error) {
      restoreQueue?.();
      throw error;
    }
    for (const run of after) run();
  }

  private event(
    notice: KeyNoticeRecord,
    outcome: 'success' | 'failure',
    error?: EngineError,
  ): PendingEvent {
    return {
      id: randomUUID(),
      time: new Date(this.env.clock.now()).toISOString(),
      action: 'kms.registrations.notify',
      initiator: { id: 'system', name: `Key Protect (key ${notice.change})`, roles: [] },
      target: { crn: notice.keyCrn, keyId: notice.keyId, instanceId: notice.keyInstanceId },
      outcome,
      correlationId: notice.correlationId,
      ...(error
        ? { reason: { status: error.status, code: error.code, message: error.message } }
        : {}),
    };
  }
}

function toNotification(notice: KeyNoticeRecord, resourceCrn: string): KeyChangeNotification {
  return {
    change: notice.change,
    keyId: notice.keyId,
    keyCrn: notice.keyCrn,
    keyName: notice.keyName,
    keyInstanceId: notice.keyInstanceId,
    keyVersionId: notice.keyVersionId,
    resourceCrn,
    correlationId: notice.correlationId,
  };
}
