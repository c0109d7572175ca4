/**
 * What an integrated service (object storage) may do with keys, and nothing more: the same checks
 * a separate service would face calling Key Protect. It finds a key by CRN only where a service
 * authorization lets the source instance use it; it reports the key's state; it wraps, unwraps and
 * rewraps DEKs under the key's state rules (each audited on the key's side, initiated by the
 * service); and it keeps the service's registrations (SPEC section 8). The storage area never
 * reads kms stores itself.
 */
import { parseCrn } from '../../domain/crn';
import { decodeEnvelope } from '../../domain/envelope';
import { EngineError, engineError, keyNotFound } from '../../domain/errors';
import { KeyState, type LifecycleOperation } from '../../domain/key-state';
import type { ServiceInstance } from '../../domain/types';
import { isUuid } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { openEnvelope, sealEnvelope } from '../crypto/envelope-crypto';
import type { PendingEvent } from '../audit/audit-log';
import { randomUUID } from '../crypto/random';
import type { EngineContext } from '../operation';
import type { StoreTx } from '../store/store-tx';
import type { KeyRecord } from '../store/records';
import type { KeyCache } from './key-cache';
import { effectiveState } from './key-view';
import { requireState } from './key-guards';

/** Answers "may source instance S use key K?" (service authorizations, SPEC section 9). */
export interface ServiceAuthorizer {
  authorizationAllows(
    sourceInstanceId: string,
    key: { instanceId: string; keyRingID: string; id: string },
  ): Promise<boolean>;
  /** The same question inside a transaction, read from the store itself. */
  authorizationAllowsIn(
    tx: StoreTx,
    sourceInstanceId: string,
    key: { instanceId: string; keyRingID: string; id: string },
  ): Promise<boolean>;
}

/** A key as the service sees it. */
export interface GateKey {
  id: string;
  instanceId: string;
  keyRingID: string;
  name: string;
  /** The key's aliases: how the storage steps name a root key ("select the alias"). */
  aliases: string[];
  crn: string;
  state: KeyState;
  extractable: boolean;
  currentVersionId: string;
  /** Hyper Protect: the instance's master key is not loaded (zeroized), so nothing opens. */
  masterKeyMissing?: boolean;
}

export type GateLookup =
  { found: true; key: GateKey } | { found: false; why: 'not-found' | 'unauthorized' };

export function keyCrnNotFound(keyCrn: string): EngineError {
  // Object storage's answer is 400 (Key Protect's own GET of an unknown key is 404).
  return new EngineError(
    400,
    'KEY_NOT_FOUND_ERR',
    `The key CRN could not be found: ${keyCrn}. Check the CRN, and that an Administrator has authorized this object storage instance to use the key (Reader role).`,
  );
}

const unprocessable = () =>
  engineError(
    'UNPROCESSABLE_CIPHERTEXT_ERR',
    'The wrapped DEK could not be unwrapped with this key: it was made by another key, was altered, or belongs to another bucket or object.',
  );

export class KeyGate {
  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    private readonly authorizer: ServiceAuthorizer,
    /** Last-use tracking (issue 11): told which key version each successful use took. */
    private readonly usage?: {
      note(correlationId: string, action: string, keyId: string, versionId: string): void;
    },
  ) {}

  /** Finds a key by its CRN, only where the source instance is authorized to use it. */
  async lookup(source: ServiceInstance, keyCrn: string): Promise<GateLookup> {
    const parts = typeof keyCrn === 'string' ? parseCrn(keyCrn) : undefined;
    if (!parts || parts.resourceType !== 'key' || !isUuid(parts.resource))
      return { found: false, why: 'not-found' };
    return this.lookupById(source, parts.instanceGuid, parts.resource);
  }

  async lookupById(
    source: ServiceInstance,
    instanceId: string,
    keyId: string,
  ): Promise<GateLookup> {
    const record = await this.cache.find(instanceId, keyId);
    if (!record) return { found: false, why: 'not-found' };
    const allowed = await this.authorizer.authorizationAllows(source.id, {
      instanceId: record.instanceId,
      keyRingID: record.keyRingID,
      id: record.id,
    });
    if (!allowed) return { found: false, why: 'unauthorized' };
    const view = this.view(record);
    if (!(await this.cache.masterKeyLoaded(record.instanceId))) view.masterKeyMissing = true;
    return { found: true, key: view };
  }

  /** Root keys of every kms/hpcs instance the source may use, not Deleted. */
  async authorizedRootKeys(source: ServiceInstance): Promise<GateKey[]> {
    const snap = await this.env.directory.get();
    const keys: GateKey[] = [];
    for (const instance of snap.instances.values()) {
      if (instance.kind !== 'kms' && instance.kind !== 'hpcs') continue;
      for (const record of await this.cache.allKeys(instance.id)) {
        if (record.extractable) continue;
        const view = this.view(record);
        if (view.state === KeyState.Destroyed) continue;
        const allowed = await this.authorizer.authorizationAllows(source.id, {
          instanceId: record.instanceId,
          keyRingID: record.keyRingID,
          id: record.id,
        });
        if (allowed) keys.push(view);
      }
    }
    return keys.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Wraps a DEK under the key's current version (state must allow wrap). */
  async wrap(
    source: ServiceInstance,
    key: GateKey,
    dek: Bytes,
    aad: readonly string[],
    correlationId: string,
  ): Promise<{ wrapped: Bytes; keyVersionId: string }> {
    return this.audited(source, key, 'kms.secrets.wrap', correlationId, async (record) => {
      requireState(record, this.env.clock.now(), 'wrap');
      return this.seal(record, dek, aad);
    });
  }

  /** Unwraps a DEK (state must allow unwrap). */
  async unwrap(
    source: ServiceInstance,
    key: GateKey,
    wrapped: Bytes,
    aad: readonly string[],
    correlationId: string,
  ): Promise<{ dek: Bytes; keyVersionId: string }> {
    return this.audited(source, key, 'kms.secrets.unwrap', correlationId, async (record) => {
      requireState(record, this.env.clock.now(), 'unwrap');
      return this.open(record, wrapped, aad);
    });
  }

  /** Rewraps a DEK to the key's current version (state must allow rewrap). */
  async rewrap(
    source: ServiceInstance,
    key: GateKey,
    wrapped: Bytes,
    aad: readonly string[],
    correlationId: string,
  ): Promise<{ wrapped: Bytes; keyVersionId: string }> {
    return this.audited(source, key, 'kms.secrets.rewrap', correlationId, async (record) => {
      requireState(record, this.env.clock.now(), 'rewrap');
      const { dek } = await this.open(record, wrapped, aad);
      try {
        return await this.seal(record, dek, aad);
      } finally {
        dek.fill(0);
      }
    });
  }

  /**
   * Rewraps many DEKs to the key's current version in one call (a bucket's rewrap after a
   * rotation): the key, the authorization and the key's state are checked once for all of them
   * (the answer is the same for each), each DEK opens or fails on its own, and the call is one
   * event on the key's side listing every item's key version and outcome (SPEC section 5's
   * batch). Results in order: the rewrapped DEK and the version it was wrapped under before, or
   * the item's error.
   */
  async rewrapBatch(
    source: ServiceInstance,
    key: GateKey,
    items: readonly { wrapped: Bytes; aad: readonly string[] }[],
    correlationId: string,
    /**
     * Takes the call's event instead of queueing it, so the caller commits it in the transaction
     * that stores the rewrapped DEKs (both or neither: a step cut short is redone, never counted
     * twice).
     */
    takeEvent?: (event: PendingEvent) => void,
  ): Promise<({ wrapped: Bytes; keyVersionId: string; fromVersionId: string } | EngineError)[]> {
    const now = this.env.clock.now();
    let refusedAll: EngineError | undefined;
    let record: KeyRecord | undefined;
    try {
      record = await this.cache.find(key.instanceId, key.id);
      if (!record) throw keyCrnNotFound(key.crn);
      const allowed = await this.authorizer.authorizationAllows(source.id, {
        instanceId: record.instanceId,
        keyRingID: record.keyRingID,
        id: record.id,
      });
      if (!allowed) throw keyCrnNotFound(key.crn);
      requireState(record, now, 'rewrap');
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      refusedAll = error;
    }
    const outcomes = await Promise.all(
      items.map(async (item) => {
        if (refusedAll || !record) return refusedAll ?? keyCrnNotFound(key.crn);
        try {
          const { dek, keyVersionId: fromVersionId } = await this.open(
            record,
            item.wrapped,
            item.aad,
          );
          try {
            return { ...(await this.seal(record, dek, item.aad)), fromVersionId };
          } finally {
            dek.fill(0);
          }
        } catch (error) {
          if (error instanceof EngineError) return error;
          throw error;
        }
      }),
    );
    const failed = outcomes.filter((o) => o instanceof EngineError);
    const first = failed[0];
    const firstAt = outcomes.findIndex((o) => o instanceof EngineError);
    const event: PendingEvent = {
      id: randomUUID(),
      time: new Date(now).toISOString(),
      action: 'kms.secrets.rewrap',
      initiator: { id: source.crn, name: `${source.name} (service)`, roles: ['Reader'] },
      target: { crn: key.crn, keyId: key.id, instanceId: key.instanceId },
      outcome: first ? 'failure' : 'success',
      correlationId,
      items: outcomes.map((o) =>
        o instanceof EngineError
          ? { keyId: key.id, outcome: 'failure', code: o.code }
          : { keyId: key.id, keyVersion: o.fromVersionId, outcome: 'success' },
      ),
      ...(first
        ? {
            reason: {
              status: first.status,
              code: first.code,
              message: `${failed.length} of ${outcomes.length} items refused; the first (item ${firstAt}): ${first.message}`,
            },
          }
        : {}),
    };
    if (takeEvent) takeEvent(event);
    else this.env.audit.queue(event);
    return outcomes;
  }

  /**
   * Inside the caller's transaction: the key still exists, the source is still authorized to use
   * it, and its state still allows `operation`. Another tab may have changed any of them since
   * `lookup`, which answers from memory before the transaction.
   */
  async confirmIn(
    tx: StoreTx,
    source: ServiceInstance,
    keyId: string,
    keyCrn: string,
    operation: LifecycleOperation,
    now: number,
  ): Promise<void> {
    const key = await tx.getKey(keyId);
    if (!key || !(await this.authorizer.authorizationAllowsIn(tx, source.id, key)))
      throw keyCrnNotFound(keyCrn);
    requireState(key, now, operation);
  }

  /** Registers a resource with a key, inside the caller's transaction (SPEC section 8). */
  async registerIn(
    tx: StoreTx,
    keyId: string,
    resourceCrn: string,
    preventKeyDeletion: boolean,
    now: number,
  ): Promise<void> {
    const key = await tx.getKey(keyId);
    if (!key) throw keyNotFound(keyId);
    const existing = await tx.getRegistration(keyId, resourceCrn);
    await tx.putRegistration({
      keyId,
      resourceCrn,
      keyVersionId: key.currentVersion.id,
      preventKeyDeletion,
      createdAt: existing?.createdAt ?? now,
    });
  }

  async unregisterIn(tx: StoreTx, keyId: string, resourceCrn: string): Promise<void> {
    await tx.deleteRegistration(keyId, resourceCrn);
  }

  private view(record: KeyRecord): GateKey {
    return {
      id: record.id,
      instanceId: record.instanceId,
      keyRingID: record.keyRingID,
      name: record.name,
      aliases: [...record.aliases],
      crn: record.crn,
      state: effectiveState(record, this.env.clock.now()),
      extractable: record.extractable,
      currentVersionId: record.currentVersion.id,
    };
  }

  /**
   * Runs one key operation for the service on the latest record (the caller's view may be old),
   * and audits it on the key's side, initiated by the service.
   */
  private async audited<T extends { keyVersionId: string }>(
    source: ServiceInstance,
    key: GateKey,
    action: string,
    correlationId: string,
    body: (record: KeyRecord) => Promise<T>,
  ): Promise<T> {
    const now = this.env.clock.now();
    const event = (outcome: 'success' | 'failure', error?: EngineError) => ({
      id: randomUUID(),
      time: new Date(now).toISOString(),
      action,
      initiator: { id: source.crn, name: `${source.name} (service)`, roles: ['Reader' as const] },
      target: { crn: key.crn, keyId: key.id, instanceId: key.instanceId },
      outcome,
      correlationId,
      ...(error
        ? { reason: { status: error.status, code: error.code, message: error.message } }
        : {}),
    });
    try {
      const record = await this.cache.find(key.instanceId, key.id);
      if (!record) throw keyCrnNotFound(key.crn);
      const allowed = await this.authorizer.authorizationAllows(source.id, {
        instanceId: record.instanceId,
        keyRingID: record.keyRingID,
        id: record.id,
      });
      if (!allowed) throw keyCrnNotFound(key.crn);
      const result = await body(record);
      this.usage?.note(correlationId, action, key.id, result.keyVersionId);
      this.env.audit.queue(event('success'));
      return result;
    } catch (error) {
      if (error instanceof EngineError) this.env.audit.queue(event('failure', error));
      throw error;
    }
  }

  private async seal(
    record: KeyRecord,
    dek: Bytes,
    aad: readonly string[],
  ): Promise<{ wrapped: Bytes; keyVersionId: string }> {
    const version = await this.cache.version(record, record.currentVersion.id);
    if (!version)
      throw engineError('INTERNAL_ERR', `Key ${record.id} has lost its current version.`);
    const wrapped = (await sealEnvelope(version.key, record.id, version.id, dek, aad)) as Bytes;
    return { wrapped, keyVersionId: version.id };
  }

  private async open(
    record: KeyRecord,
    wrapped: Bytes,
    aad: readonly string[],
  ): Promise<{ dek: Bytes; keyVersionId: string }> {
    const envelope = decodeEnvelope(wrapped);
    if (!envelope || envelope.keyId !== record.id) throw unprocessable();
    const version = await this.cache.version(record, envelope.keyVersionId);
    if (!version) throw unprocessable();
    const dek = await openEnvelope(version.key, envelope, aad);
    if (!dek) throw unprocessable();
    return { dek: dek as Bytes, keyVersionId: envelope.keyVersionId };
  }
}
