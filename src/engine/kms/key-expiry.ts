/**
 * Expiration as an event (SPEC section 4): a key whose expirationDate passes becomes Deactivated
 * (one-way, read from the clock by `effectiveState`), and the system records it once as
 * `kms.secrets.expire` (`hs-crypto.secrets.expire` on an hpcs instance), in the transaction that
 * writes the Deactivated state. The meta value `expiredThrough` says up to which engine time
 * expirations are recorded, so no tab and no reopening records one twice.
 */
import { KeyState } from '../../domain/key-state';
import type { PendingEvent } from '../audit/audit-log';
import { randomUUID } from '../crypto/random';
import type { EngineContext } from '../operation';
import type { KeyCache } from './key-cache';

const iso = (ms: number): string => new Date(ms).toISOString();

export const EXPIRY_INITIATOR = { id: 'system', name: 'Keyward (key expired)' } as const;

export class KeyExpiry {
  /** Engine time of the next expiration (0: look it up). */
  private next = 0;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
  ) {}

  /** A key of this tab was given an expiration date: check from then. */
  noteExpiration(at: number | undefined): void {
    if (at !== undefined && at < this.next) this.next = at;
  }

  /** Another tab changed keys: look the next expiration up again. */
  reset(): void {
    this.next = 0;
  }

  /** Records every expiration up to now that is not recorded yet. Cheap when none is due. */
  async expireDue(): Promise<void> {
    const now = this.env.clock.now();
    if (now < this.next) return;
    let restoreQueue: (() => void) | undefined;
    const { expired, next } = await this.env.store
      .write(async (tx) => {
        const through = await tx.getMeta('expiredThrough');
        const candidates =
          through === undefined || through < now ? await tx.keysExpiringIn(through, now) : [];
        // Before anything was recorded (a database from before this rule), only keys never
        // written since they expired; afterwards, every key that was not deleted first.
        const due = candidates.filter((k) =>
          through === undefined
            ? k.state === KeyState.Active || k.state === KeyState.Suspended
            : k.state !== KeyState.Destroyed,
        );
        // Nothing to record: write nothing (a full storage must not stop every call, SPEC 14).
        if (through !== undefined && due.length === 0)
          return { expired: [], next: await tx.nextExpirationAfter(now) };
        // A key some write already settled as Deactivated gets its event all the same.
        for (const key of due)
          if (key.state !== KeyState.Deactivated)
            await tx.putKey({ ...key, state: KeyState.Deactivated });
        await tx.putMeta('expiredThrough', now);
        restoreQueue = await this.env.audit.appendInTransaction(
          tx,
          due.map((key): PendingEvent => ({
            id: randomUUID(),
            time: iso(now),
            action: 'kms.secrets.expire',
            initiator: { ...EXPIRY_INITIATOR, roles: [] },
            target: { crn: key.crn, keyId: key.id, instanceId: key.instanceId },
            outcome: 'success',
            correlationId: randomUUID(),
          })),
        );
        return { expired: due, next: await tx.nextExpirationAfter(now) };
      })
      .catch((error: unknown) => {
        restoreQueue?.();
        throw error;
      });
    this.next = next ?? Infinity;
    for (const key of expired) {
      this.cache.forget(key.id);
      this.env.notify({ topic: 'keys', instanceId: key.instanceId, keyId: key.id });
    }
  }
}
