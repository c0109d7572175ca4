/**
 * Rotation on the clock (SPEC.md sections 5 and 13): keys whose rotation policy is due are rotated
 * by the engine itself, audited as `kms.secrets.rotate` by a system initiator. Owns when a key is
 * due (`rotationDueAt`, kept on the key record and indexed), the check that runs before engine
 * calls, on open, after "advance time" and on a timer, and the rotation it performs.
 *
 * Rules, all on the engine clock:
 * - A key is due `interval_month` months of 30 days (Key Protect's unit) after its last rotation (or creation).
 * - However long ago it fell due (several intervals while the app was closed), it is rotated
 *   once, and the next rotation is scheduled an interval after that rotation.
 * - A key that cannot be rotated when due (Disabled or Deleted) is not rotated; the skip is
 *   recorded as a failed `kms.secrets.rotate` and the next date is an interval later.
 */
import { stateAllows, STATE_LABELS } from '../../domain/key-state';
import { addRotationMonths } from '../../domain/rotation';
import { readInstancePolicies } from '../../domain/instance-policies';
import type { RotationPolicy, ServiceInstance } from '../../domain/types';
import type { PendingEvent } from '../audit/audit-log';
import { encipherMaterial, generateMaterial } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import type { EngineContext } from '../operation';
import type { KeyRecord, ServiceInstanceRecord } from '../store/records';
import type { KeyCache } from './key-cache';
import { effectiveState, settled } from './key-view';

export const ROTATION_INITIATOR = {
  id: 'system',
  name: 'Keyward (rotation policy)',
  roles: [],
} as const;

/** Longest delay a timer takes (about 24.8 days); a later date re-arms it when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Whether a rotation policy can apply to the key: generated (not imported) root keys. */
export function rotationApplies(key: Pick<KeyRecord, 'extractable' | 'imported'>): boolean {
  return !key.extractable && !key.imported;
}

/**
 * The policy fields a key takes at creation from its instance's rotation default (when that is
 * enabled and the key is a generated root key), due an interval after `now`.
 */
export function initialRotation(
  instance: ServiceInstance,
  key: Pick<KeyRecord, 'extractable' | 'imported'>,
  now: number,
): Pick<KeyRecord, 'rotation' | 'rotationDueAt'> {
  // The directory holds instances as stored, policies included (absent: the defaults).
  const { policies } = instance as ServiceInstanceRecord;
  const rotation = readInstancePolicies(policies).rotation;
  if (!rotation.enabled || !rotationApplies(key)) return {};
  const months = rotation.attributes.interval_month;
  return {
    rotation: { enabled: true, interval_month: months },
    rotationDueAt: addRotationMonths(now, months),
  };
}

/**
 * The record with `policy` applied: while enabled, due an interval after the last rotation (or
 * creation) — which may already have passed, so the next check rotates it.
 */
export function withRotationPolicy(key: KeyRecord, policy: RotationPolicy): KeyRecord {
  const { rotationDueAt: _due, ...rest } = key;
  const rotation = { enabled: policy.enabled, interval_month: policy.interval_month };
  if (!policy.enabled) return { ...rest, rotation };
  const since = key.lastRotateDate ?? key.creationDate;
  return { ...rest, rotation, rotationDueAt: addRotationMonths(since, policy.interval_month) };
}

/** After a rotation at `now` (manual or scheduled): the next one is an interval later. */
export function rescheduledAfterRotation(
  key: KeyRecord,
  now: number,
): Pick<KeyRecord, 'rotationDueAt'> {
  return key.rotation?.enabled
    ? { rotationDueAt: addRotationMonths(now, key.rotation.interval_month) }
    : {};
}

interface Prepared {
  key: KeyRecord;
  /** Absent for a key no rotation policy can apply to: its stray schedule is dropped. */
  version?: { id: string; material: Uint8Array<ArrayBuffer> };
}

export class RotationSchedule {
  /** Engine time at which the earliest scheduled rotation falls due (0: look it up). */
  private nextDue = 0;
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    /** Told of each key the schedule rotated, after the rotation committed (lifecycle notices). */
    private readonly onRotated: (key: KeyRecord, correlationId: string) => Promise<void> = () =>
      Promise.resolve(),
  ) {}

  /** Rotates every key whose rotation is due on the engine clock. Cheap when none is. */
  rotateDue(): Promise<void> {
    if (this.env.clock.now() < this.nextDue) return Promise.resolve();
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A key of this tab was given an earlier rotation date: check from then. */
  noteDue(dueAt: number | undefined): void {
    if (dueAt === undefined || dueAt >= this.nextDue) return;
    this.nextDue = dueAt;
    this.arm();
  }

  /** Another tab changed keys (it may have set policies): look the next date up again. */
  reset(): void {
    this.nextDue = 0;
  }

  /** Stops the timer (the engine closes). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    const now = this.env.clock.now();
    const due = await this.env.store.read((tx) => tx.keysDueForRotation(now));
    // Crypto first, outside the transaction (awaiting it inside would close the transaction).
    const prepared: Prepared[] = [];
    for (const key of due) {
      if (!rotationApplies(key)) {
        prepared.push({ key });
        continue;
      }
      const versionId = randomUUID();
      // An hpcs key whose master key is zeroized or being rotated stays due, untouched, until
      // its master key is back (the check before each call tries again).
      const master = await this.cache
        .masterKeyForNewMaterial(key.instanceId)
        .catch(() => undefined);
      if (!master) continue;
      const fresh = generateMaterial();
      const material = await encipherMaterial(master, key.id, versionId, fresh);
      fresh.fill(0);
      prepared.push({ key, version: { id: versionId, material } });
    }
    let restoreQueue: (() => void) | undefined;
    const { changed, rotated, next } = await this.env.store
      .write(async (tx) => {
        const events: PendingEvent[] = [];
        const updated: KeyRecord[] = [];
        const rotated: { key: KeyRecord; correlationId: string }[] = [];
        for (const p of prepared) {
          // Re-read: another tab may have rotated it, or changed its policy or state, meanwhile.
          const stored = await tx.getKey(p.key.id);
          if (!stored || stored.rotationDueAt === undefined || stored.rotationDueAt > now) continue;
          if (!p.version || !stored.rotation?.enabled) {
            const { rotationDueAt: _stray, ...rest } = stored;
            await tx.putKey(rest);
            updated.push(rest);
            continue;
          }
          const fresh = settled(stored, now);
          const nextDue = addRotationMonths(now, stored.rotation.interval_month);
          const state = effectiveState(fresh, now);
          const event: PendingEvent = {
            id: randomUUID(),
            time: iso(now),
            action: 'kms.secrets.rotate',
            initiator: { ...ROTATION_INITIATOR, roles: [] },
            target: { crn: fresh.crn, keyId: fresh.id, instanceId: fresh.instanceId },
            outcome: 'success',
            correlationId: randomUUID(),
          };
          let record: KeyRecord;
          if (stateAllows(state, 'rotate')) {
            const number = fresh.currentVersion.number + 1;
            await tx.putVersion({
              keyId: fresh.id,
              number,
              id: p.version.id,
              creationDate: now,
              material: p.version.material,
            });
            record = {
              ...fresh,
              currentVersion: { id: p.version.id, number, creationDate: now },
              lastRotateDate: now,
              lastUpdateDate: now,
              rotationDueAt: nextDue,
            };
            rotated.push({ key: record, correlationId: event.correlationId });
          } else {
            record = { ...fresh, rotationDueAt: nextDue };
            event.outcome = 'failure';
            event.reason = {
              status: 409,
              code: 'KEY_ACTION_INVALID_STATE_ERR',
              message: `Scheduled rotation skipped: the key is ${STATE_LABELS[state]}. The next scheduled rotation is at ${iso(nextDue)}.`,
            };
          }
          await tx.putKey(record);
          updated.push(record);
          events.push(event);
        }
        restoreQueue = await this.env.audit.appendInTransaction(tx, events);
        return { changed: updated, rotated, next: await tx.nextRotationDueAt() };
      })
      .catch((error: unknown) => {
        restoreQueue?.();
        throw error;
      });
    this.nextDue = next ?? Infinity;
    for (const key of changed) {
      this.cache.remember(key);
      this.env.notify({ topic: 'keys', instanceId: key.instanceId, keyId: key.id });
    }
    this.arm();
    for (const { key, correlationId } of rotated) await this.onRotated(key, correlationId);
  }

  /**
   * Wakes the engine when the next rotation falls due, so it happens on time while the app stays
   * open without any call. The delay is measured on the engine clock; "advance time" checks at
   * once instead.
   */
  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!Number.isFinite(this.nextDue)) return;
    const delay = Math.min(Math.max(0, this.nextDue - this.env.clock.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failure here surfaces on the next call, whose own check runs the rotation again.
      this.rotateDue().catch(() => undefined);
    }, delay);
    // Under Node (unit tests) a pending timer must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
