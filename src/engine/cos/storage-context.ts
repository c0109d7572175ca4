/**
 * What every object-storage operation shares: the storage instance addressed, who may do what in
 * it (service roles on the storage instance: Reader reads, Writer writes, Manager deletes
 * buckets), the provider key of provider-managed buckets, and the rule of SPEC section 10 by
 * which the protecting key's state governs a bucket. The kms area is reached only through
 * `KeyGate`: authorization, key state, wrap, unwrap, rewrap, registrations.
 */
import { denied, engineError } from '../../domain/errors';
import { KeyState, STATE_LABELS } from '../../domain/key-state';
import { leastRoleFor, type KeyAction } from '../../domain/roles';
import {
  bucketAccessFor,
  type BucketKeyStatus,
  type StoragePermission,
} from '../../domain/storage';
import type { AccessPolicy, ServiceInstance, User } from '../../domain/types';
import type { Bytes } from '../crypto/aes-gcm';
import { openEnvelope, sealEnvelope } from '../crypto/envelope-crypto';
import { decodeEnvelope } from '../../domain/envelope';
import { createMasterKey } from '../crypto/key-material';
import { allows } from '../iam/access';
import type { KeyGate, GateKey } from '../kms/service-gate';
import { keyCrnNotFound } from '../kms/service-gate';
import type { EngineContext, Operation } from '../operation';
import type { BucketRecord } from '../store/records';
import { EnginePresence } from './engine-presence';

export type StorageAction = 'read' | 'write' | 'manage';

const ACTION_WORDS: Record<StorageAction, string> = {
  read: 'list and read buckets and objects',
  write: 'create buckets and write or delete objects',
  manage: 'delete buckets',
};

/** Provider-managed DEKs name this "key version" in their object records. */
export const PROVIDER_KEY_VERSION = 'provider';

export type BucketProtection = { kind: 'provider' } | { kind: 'customer'; key: GateKey };

export class StorageContext {
  private providerKeys = new Map<string, Promise<CryptoKey>>();
  /** Which engines are alive: work of a closed tab is taken over at once. */
  readonly presence = new EnginePresence();

  constructor(
    readonly env: EngineContext,
    readonly gate: KeyGate,
  ) {}

  /** The object storage instance addressed by the call. */
  async instance(instanceId: string): Promise<ServiceInstance> {
    const instance = (await this.env.directory.get()).instances.get(instanceId);
    if (!instance || instance.kind !== 'cos')
      throw engineError(
        'INSTANCE_NOT_FOUND_ERR',
        `No object storage instance has the id "${instanceId}".`,
      );
    return instance;
  }

  permission(
    user: User,
    policies: readonly AccessPolicy[],
    instance: ServiceInstance,
    action: StorageAction,
  ): StoragePermission {
    if (allows(policies, { instanceId: instance.id }, action as KeyAction))
      return { allowed: true };
    const role = leastRoleFor(action as KeyAction);
    return {
      allowed: false,
      reason: `${user.name} may not ${ACTION_WORDS[action]} in ${instance.name}: this needs the ${role} role.`,
    };
  }

  /** Signs in, aims at the instance, and checks the action; returns the instance. */
  async authorize(op: Operation, action: StorageAction): Promise<ServiceInstance> {
    const { user, policies } = await op.signIn();
    const instance = await this.instance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    const permission = this.permission(user, policies, instance, action);
    if (!permission.allowed) throw denied(permission.reason ?? 'Not allowed.');
    return instance;
  }

  async bucket(name: unknown, instance: ServiceInstance): Promise<BucketRecord> {
    const record =
      typeof name === 'string' && name.length > 0
        ? await this.env.store.read((tx) => tx.getBucket(name))
        : undefined;
    if (!record || record.instanceId !== instance.id)
      throw engineError(
        'BUCKET_NOT_FOUND_ERR',
        `No bucket named "${String(name)}" in ${instance.name}.`,
      );
    return record;
  }

  /**
   * The bucket's protection, checked for `use`: the key must be reachable (not purged, still
   * authorized) and its state must allow it (SPEC section 10). The error names the key and state.
   */
  async protection(
    source: ServiceInstance,
    bucket: BucketRecord,
    use: 'read' | 'write',
  ): Promise<BucketProtection> {
    if (bucket.encryption.type === 'provider') return { kind: 'provider' };
    const { keyCrn, keyId, keyInstanceId } = bucket.encryption;
    const found = await this.gate.lookupById(source, keyInstanceId, keyId);
    if (!found.found) {
      if (found.why === 'unauthorized') throw keyCrnNotFound(keyCrn);
      throw engineError(
        'KEY_NOT_FOUND_ERR',
        `The root key protecting bucket "${bucket.name}" (${keyCrn}) was purged: its objects are permanently unreadable.`,
      );
    }
    const problem = keyProblem(bucket.name, found.key, use);
    if (problem)
      throw engineError(
        found.key.masterKeyMissing ? 'MASTER_KEY_NOT_LOADED_ERR' : 'KEY_ACTION_INVALID_STATE_ERR',
        problem,
      );
    return { kind: 'customer', key: found.key };
  }

  /** The bucket's key as the console shows it: reachable or not, state, version, the problem. */
  async keyStatus(
    source: ServiceInstance,
    bucket: BucketRecord,
  ): Promise<BucketKeyStatus | undefined> {
    if (bucket.encryption.type === 'provider') return undefined;
    const found = await this.gate.lookupById(
      source,
      bucket.encryption.keyInstanceId,
      bucket.encryption.keyId,
    );
    if (!found.found)
      return {
        reachable: false,
        problem:
          found.why === 'unauthorized'
            ? 'The key CRN could not be found: the authorization that let this storage instance use the key was removed.'
            : 'The key was purged: the objects are permanently unreadable.',
      };
    const problem =
      keyProblem(bucket.name, found.key, 'read') ?? keyProblem(bucket.name, found.key, 'write');
    return {
      reachable: true,
      name: found.key.name,
      state: found.key.state,
      keyVersionId: found.key.currentVersionId,
      ...(found.key.masterKeyMissing ? { masterKeyMissing: true } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  /** Wraps a new DEK for an object of the bucket (AAD: bucket and object name). */
  async wrapDek(
    source: ServiceInstance,
    protection: BucketProtection,
    dek: Bytes,
    aad: string[],
    correlationId: string,
  ): Promise<{ wrapped: Bytes; keyVersionId: string }> {
    if (protection.kind === 'customer')
      return this.gate.wrap(source, protection.key, dek, aad, correlationId);
    const key = await this.providerKey(source.id);
    const wrapped = (await sealEnvelope(key, source.id, source.id, dek, aad)) as Bytes;
    return { wrapped, keyVersionId: PROVIDER_KEY_VERSION };
  }

  async unwrapDek(
    source: ServiceInstance,
    protection: BucketProtection,
    wrapped: Bytes,
    aad: string[],
    correlationId: string,
  ): Promise<Bytes> {
    if (protection.kind === 'customer')
      return (await this.gate.unwrap(source, protection.key, wrapped, aad, correlationId)).dek;
    const envelope = decodeEnvelope(wrapped);
    const dek = envelope
      ? await openEnvelope(await this.providerKey(source.id), envelope, aad)
      : undefined;
    if (!dek)
      throw engineError(
        'UNPROCESSABLE_CIPHERTEXT_ERR',
        'The object’s wrapped DEK does not open: it was altered or belongs to another bucket or object.',
      );
    return dek as Bytes;
  }

  /** The account was replaced (issue 12): its provider keys are read again. */
  forgetProviderKeys(): void {
    this.providerKeys.clear();
  }

  /** The storage service's own key for provider-managed buckets, made on first use. */
  private providerKey(instanceId: string): Promise<CryptoKey> {
    let key = this.providerKeys.get(instanceId);
    if (!key) {
      key = this.loadProviderKey(instanceId);
      key.catch(() => this.providerKeys.delete(instanceId));
      this.providerKeys.set(instanceId, key);
    }
    return key;
  }

  private async loadProviderKey(instanceId: string): Promise<CryptoKey> {
    const stored = await this.env.store.read((tx) => tx.getMasterKey(instanceId));
    if (stored) return stored.key;
    const fresh = await createMasterKey();
    const now = this.env.clock.now();
    return this.env.store.write(async (tx) => {
      const raced = await tx.getMasterKey(instanceId);
      if (raced) return raced.key;
      await tx.putMasterKey({ instanceId, key: fresh, createdAt: now });
      return fresh;
    });
  }
}

/** Why a key in this state keeps the bucket from `use`, or undefined when it does not. */
export function keyProblem(
  bucket: string,
  key: GateKey,
  use: 'read' | 'write',
): string | undefined {
  if (key.masterKeyMissing)
    return `The master key of the Hyper Protect instance that holds root key "${key.name}" is not loaded (the crypto units were zeroized): the objects of bucket "${bucket}" are cryptographically shredded and cannot be read or written until the custodians load the same master key again.`;
  if (bucketAccessFor(key.state)[use]) return undefined;
  const who = `The root key "${key.name}" protecting bucket "${bucket}" is ${STATE_LABELS[key.state]}`;
  switch (key.state) {
    case KeyState.Suspended:
      return `${who}: objects cannot be read or written until a Manager enables the key.`;
    case KeyState.Deactivated:
      return `${who}: its objects can still be read, but nothing new can be written.`;
    default:
      return `${who}: the bucket's objects are cryptographically shredded and cannot be read or written unless the key is restored.`;
  }
}
