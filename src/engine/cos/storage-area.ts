/**
 * The object storage area, composed: its services over one `StorageContext`, the key-event
 * owner that kms notifies, and the dependents hook iam asks before deleting an authorization or
 * instance. `engine.ts` delegates the `ObjectStorageApi` methods here.
 */
import { registrationDependents, type DependentsHook, type KeyUser } from '../iam/dependents';
import type { KeyGate } from '../kms/service-gate';
import type { KeyService } from '../kms/keys';
import type { EngineContext } from '../operation';
import { BucketService } from './buckets';
import { StorageKeyEvents, type RewrapOptions } from './key-events';
import { ObjectService } from './objects';
import { StorageContext } from './storage-context';

export interface StorageOptions {
  rewrap?: RewrapOptions;
  /** Plaintext bytes per chunk (default 4 MiB, DEFAULT_CHUNK_SIZE); tests use small chunks. */
  chunkSize?: number;
}

export class StorageArea {
  readonly buckets: BucketService;
  readonly objects: ObjectService;
  readonly keyEvents: StorageKeyEvents;

  private readonly context: StorageContext;

  constructor(env: EngineContext, gate: KeyGate, keys: KeyService, options: StorageOptions = {}) {
    const storage = new StorageContext(env, gate);
    this.context = storage;
    this.buckets = new BucketService(storage, keys);
    this.objects = new ObjectService(storage, options.chunkSize);
    this.keyEvents = new StorageKeyEvents(storage, this.objects, options.rewrap);
  }

  /** After open: resume rewraps cut short by a reload; sweep uploads abandoned by closed tabs. */
  start(): void {
    // Once this engine's presence is known, work left by closed tabs is taken over at once.
    void this.context.presence.start().then(() => {
      this.keyEvents.resume();
      void this.objects.sweep().catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    await this.keyEvents.stop();
    this.context.presence.stop();
  }

  /** The account was replaced (issue 12): forget its provider keys. */
  forget(): void {
    this.context.forgetProviderKeys();
  }
}

/**
 * Buckets are what depends on storage instances and on the authorizations they use: every bucket
 * of the instance (provider-managed ones too), and those protected by keys, together with what
 * the registrations name (the same CRNs for buckets made here).
 */
export const storageDependents: DependentsHook = {
  async resourcesInInstance(tx, instanceId) {
    const names = (await tx.bucketsOfInstance(instanceId)).map((b) => b.name);
    const registered = await registrationDependents.resourcesInInstance(tx, instanceId);
    return [...new Set([...names, ...registered])];
  },
  async keyUsersOf(tx, sourceInstanceId) {
    const users = new Map<string, KeyUser>();
    for (const u of await registrationDependents.keyUsersOf(tx, sourceInstanceId))
      users.set(`${u.keyId} ${u.crn}`, u);
    for (const b of await tx.bucketsOfInstance(sourceInstanceId))
      if (b.encryption.type === 'customer')
        users.set(`${b.encryption.keyId} ${b.crn}`, {
          name: b.name,
          crn: b.crn,
          keyId: b.encryption.keyId,
        });
    return [...users.values()];
  },
};
