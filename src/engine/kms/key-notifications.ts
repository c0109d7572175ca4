/**
 * Key lifecycle notifications (SPEC section 10): after a key is rotated, disabled, enabled,
 * deleted or restored (and when a Writer asks for a sync), kms tells the owner of every resource registered with the key (the
 * object storage area for buckets) through this interface, and the owner acknowledges. Both
 * sides are audited: `kms.registrations.notify` on the key, and the owner's acknowledgement on
 * the resource. A failing owner never undoes the key change; its failure is recorded.
 */
import { parseCrn } from '../../domain/crn';
import { EngineError } from '../../domain/errors';
import type { Key } from '../../domain/types';
import { randomUUID } from '../crypto/random';
import type { EngineContext } from '../operation';
import type { PendingEvent } from '../audit/audit-log';
import { toEngineError } from '../operation';

/** A lifecycle change, or `synced`: Key Protect's sync, which notifies again of the key as it is. */
export type KeyChange = 'rotated' | 'disabled' | 'enabled' | 'deleted' | 'restored' | 'synced';

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

/** A service that owns registered resources (by the service part of their CRN). */
export interface ResourceOwner {
  service: string;
  /** Acknowledges the notification (and acts on it); rejects when it could not. */
  onKeyChange(notification: KeyChangeNotification): Promise<void>;
}

export class KeyNotifier {
  private readonly owners = new Map<string, ResourceOwner>();

  constructor(private readonly env: EngineContext) {}

  subscribe(owner: ResourceOwner): void {
    this.owners.set(owner.service, owner);
  }

  /** Tells the owners of every resource registered with `key` what changed. */
  async publish(change: KeyChange, key: Key, correlationId: string): Promise<void> {
    const registrations = await this.env.store.read((tx) => tx.registrationsOfKey(key.id));
    // When the registered services were last told (a sync within the hour is refused). A sync
    // records its own time in its transaction.
    if (registrations.length > 0 && change !== 'synced') {
      const now = this.env.clock.now();
      await this.env.store.write(async (tx) => {
        const stored = await tx.getKey(key.id);
        if (stored) await tx.putKey({ ...stored, lastNotifiedAt: now });
      });
    }
    for (const registration of registrations) {
      const owner = this.owners.get(parseCrn(registration.resourceCrn)?.service ?? '');
      const event = (outcome: 'success' | 'failure', error?: EngineError): PendingEvent => ({
        id: randomUUID(),
        time: new Date(this.env.clock.now()).toISOString(),
        action: 'kms.registrations.notify',
        initiator: { id: 'system', name: `Key Protect (key ${change})`, roles: [] },
        target: { crn: key.crn, keyId: key.id, instanceId: key.instanceId },
        outcome,
        correlationId,
        ...(error
          ? { reason: { status: error.status, code: error.code, message: error.message } }
          : {}),
      });
      if (!owner) {
        this.env.audit.queue(
          event(
            'failure',
            new EngineError(
              404,
              'INSTANCE_NOT_FOUND_ERR',
              `No service owns ${registration.resourceCrn}`,
            ),
          ),
        );
        continue;
      }
      // Sent first, so the chain reads notify → acknowledge; a failed delivery adds a failure.
      this.env.audit.queue(event('success'));
      try {
        await owner.onKeyChange({
          change,
          keyId: key.id,
          keyCrn: key.crn,
          keyName: key.name,
          keyInstanceId: key.instanceId,
          keyVersionId: key.keyVersion.id,
          resourceCrn: registration.resourceCrn,
          correlationId,
        });
      } catch (error) {
        this.env.audit.queue(event('failure', toEngineError(error)));
      }
    }
  }
}
