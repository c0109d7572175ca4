/**
 * What the dashboard and notifications need of the audit trail, kept current incrementally: per
 * hour, successes and refusals, kept by what an event is about (so each user's figures count only
 * the events they may see, SPEC section 12); per key, the last lifecycle notification's outcome
 * (a failed acknowledgement stays until a later notification of the key succeeds).
 *
 * Why incremental: with 500,000 events, reading them all per dashboard call would take seconds.
 * The first call reads every event once; each later call reads only the events after the last
 * one seen (one cursor from that sequence number), whichever tab wrote them.
 *
 * Which events an instance's figures count follows `listEvents`: the events aimed at the
 * instance, the events without an instance (account-level, such as the demo clock), and events
 * another service recorded about the instance's keys. Which of those a user sees follows
 * `eventVisibleTo`: account events (`iam.*`, or no instance) are an Administrator's; a user who
 * reads the whole instance sees the rest; a ring- or key-scoped user sees the events of the keys
 * and rings they may read. The counts are kept in those same classes, so no event is re-read.
 */
import type { AccessPolicy, AuditEvent } from '../../domain/types';
import { parseCrn } from '../../domain/crn';
import { HOUR } from '../../domain/time';
import { allows, isAdministrator } from '../iam/access';
import type { Store } from '../store/database';
import type { KeyRecord } from '../store/records';

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

/** Counts by hour index (`floor(time / HOUR)`). */
type Hours = Map<number, HourCounts>;

/** The counts of one instance's events (by `target.instanceId`; '' for none). */
interface InstanceCounts {
  /** Account events (`iam.*`, or no instance): an Administrator's only. */
  account: Hours;
  /** Every other event aimed at the instance. */
  instance: Hours;
  /** Of those, the events about a key ring, by ring id (no key named). */
  byRing: Map<string, Hours>;
}

/** What the user may see of one instance's events (`eventVisibleTo`'s rule). */
export interface EventViewer {
  policies: readonly AccessPolicy[];
  instanceId: string;
  /** The instance's keys, as the key cache holds them. */
  keys: readonly KeyRecord[];
  /** A key of any instance by id, from the same cache (undefined once purged). */
  keyOf: (keyId: string) => KeyRecord | undefined;
}

const NONE = '';

function bump(hours: Hours, hour: number, success: boolean): void {
  let counts = hours.get(hour);
  if (!counts) hours.set(hour, (counts = { successes: 0, refusals: 0 }));
  if (success) counts.successes++;
  else counts.refusals++;
}

function addAll(into: Hours, from: Hours | undefined): void {
  if (!from) return;
  for (const [hour, c] of from) {
    let counts = into.get(hour);
    if (!counts) into.set(hour, (counts = { successes: 0, refusals: 0 }));
    counts.successes += c.successes;
    counts.refusals += c.refusals;
  }
}

export class EventDigest {
  private lastSeq = 0;
  private instances = new Map<string, InstanceCounts>();
  /** Non-account events about a key, by key id, then by the event's instance ('' for none). */
  private byKey = new Map<string, Map<string, Hours>>();
  /**
   * The keys each instance's events named (by the event's instance): a whole-instance reader's
   * figures add the other instances' events about this instance's keys, and those are few (a
   * storage instance names the keys of its buckets), so they are found without visiting every key.
   */
  private keysNamedBy = new Map<string, Set<string>>();
  private ackFailures = new Map<string, AckFailure>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /** Reads the events appended since the last call (by any tab). */
  refresh(): Promise<void> {
    // Concurrent callers share one read: two cursors from the same seq would count twice.
    this.refreshing ??= this.readNew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Counts per hour index of the instance's events that the viewer may see: exactly the events
   * `listEvents` lists to that user.
   */
  hourly(viewer: EventViewer): { hour: number; counts: HourCounts }[] {
    const { policies, instanceId } = viewer;
    const admin = isAdministrator(policies);
    const out: Hours = new Map();
    const own = this.instances.get(instanceId);
    if (admin) {
      addAll(out, own?.account);
      if (instanceId !== NONE) addAll(out, this.instances.get(NONE)?.account);
    }
    if (admin || allows(policies, { instanceId }, 'read')) {
      addAll(out, own?.instance);
      // Events another instance recorded about this instance's keys.
      for (const [eventInstance, keyIds] of this.keysNamedBy) {
        if (eventInstance === instanceId) continue;
        for (const keyId of keyIds)
          if (viewer.keyOf(keyId)?.instanceId === instanceId)
            addAll(out, this.byKey.get(keyId)?.get(eventInstance));
      }
    } else {
      for (const key of viewer.keys) {
        const ofKey = this.byKey.get(key.id);
        if (
          ofKey &&
          allows(policies, { instanceId, keyRingID: key.keyRingID, keyId: key.id }, 'read')
        )
          for (const hours of ofKey.values()) addAll(out, hours);
      }
      for (const [keyRingID, hours] of own?.byRing ?? [])
        if (allows(policies, { instanceId, keyRingID }, 'read')) addAll(out, hours);
    }
    return [...out].map(([hour, counts]) => ({ hour, counts }));
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
    this.instances.clear();
    this.byKey.clear();
    this.keysNamedBy.clear();
    this.ackFailures.clear();
  }

  private countsOf(instanceId: string): InstanceCounts {
    let counts = this.instances.get(instanceId);
    if (!counts)
      this.instances.set(
        instanceId,
        (counts = { account: new Map(), instance: new Map(), byRing: new Map() }),
      );
    return counts;
  }

  private add(e: AuditEvent): void {
    this.lastSeq = e.seq;
    const instanceId = e.target.instanceId ?? NONE;
    const hour = Math.floor(Date.parse(e.time) / HOUR);
    const success = e.outcome === 'success';
    const counts = this.countsOf(instanceId);
    if (e.action.startsWith('iam.') || instanceId === NONE) {
      bump(counts.account, hour, success);
    } else {
      bump(counts.instance, hour, success);
      const keyId = e.target.keyId;
      if (keyId !== undefined) {
        let ofKey = this.byKey.get(keyId);
        if (!ofKey) this.byKey.set(keyId, (ofKey = new Map()));
        let hours = ofKey.get(instanceId);
        if (!hours) {
          ofKey.set(instanceId, (hours = new Map()));
          let named = this.keysNamedBy.get(instanceId);
          if (!named) this.keysNamedBy.set(instanceId, (named = new Set()));
          named.add(keyId);
        }
        bump(hours, hour, success);
      } else {
        const crn = parseCrn(e.target.crn);
        if (crn?.resourceType === 'key-ring') {
          let hours = counts.byRing.get(crn.resource);
          if (!hours) counts.byRing.set(crn.resource, (hours = new Map()));
          bump(hours, hour, success);
        }
      }
    }
    if (e.action === 'kms.registrations.notify' && e.target.keyId) {
      if (e.outcome === 'success') this.ackFailures.delete(e.target.keyId);
      else
        this.ackFailures.set(e.target.keyId, {
          keyId: e.target.keyId,
          instanceId: e.target.instanceId ?? NONE,
          time: Date.parse(e.time),
          eventId: e.id,
          message: e.reason?.message ?? 'The service did not acknowledge.',
        });
    }
  }
}
