/**
 * Buckets of SPEC section 10: create (name rules; provider- or customer-managed encryption, the
 * latter only with a root key the storage instance is authorized to use; optional retention),
 * list, get, delete (only when empty). Creating a customer-managed bucket registers it with its
 * key in the same transaction; deleting it removes the registration.
 */
import type { CallContext } from '../../domain/api';
import { formatCrn } from '../../domain/crn';
import { engineError, invalidField } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import {
  bucketAccessFor,
  bucketNameProblem,
  retentionProblem,
  type Bucket,
  type CreateBucketRequest,
  type EncryptionKeyChoice,
  type ProtectedBucket,
  type StoragePermissions,
} from '../../domain/storage';
import type { ServiceInstance } from '../../domain/types';
import { check } from '../../domain/validation';
import { keyCrnNotFound } from '../kms/service-gate';
import type { KeyService } from '../kms/keys';
import { perform } from '../operation';
import type { BucketRecord, ObjectRecord, RewrapJobRecord } from '../store/records';
import { keyProblem, type StorageContext } from './storage-context';

const iso = (ms: number) => new Date(ms).toISOString();

export class BucketService {
  constructor(
    private readonly storage: StorageContext,
    private readonly keys: KeyService,
  ) {}

  private get env() {
    return this.storage.env;
  }

  /** What the acting user may do in the storage instance, for the console's controls. */
  async getStoragePermissions(ctx: CallContext): Promise<StoragePermissions> {
    const { user, policies } = await this.env.directory.user(ctx.userId);
    const instance = await this.storage.instance(ctx.instanceId);
    return {
      read: this.storage.permission(user, policies, instance, 'read'),
      write: this.storage.permission(user, policies, instance, 'write'),
      manage: this.storage.permission(user, policies, instance, 'manage'),
    };
  }

  createBucket(ctx: CallContext, req: CreateBucketRequest): Promise<Bucket> {
    return perform(this.env, ctx, 'cloud-object-storage.bucket.create', async (op) => {
      const instance = await this.storage.authorize(op, 'write');
      const { user } = await op.signIn();
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'a bucket request is required');
      check('name', bucketNameProblem(req.name));
      check('retentionDays', retentionProblem(req.retentionDays));
      const account = (await this.env.directory.get()).account;
      const crn = formatCrn({
        service: 'cloud-object-storage',
        region: instance.region,
        accountId: account.id,
        instanceGuid: instance.id,
        resourceType: 'bucket',
        resource: req.name,
      });
      op.aim(crn, { instanceId: instance.id });
      const encryption = req.encryption ?? { type: 'provider' };
      let record: BucketRecord;
      const base = {
        name: req.name,
        instanceId: instance.id,
        crn,
        createdAt: op.now,
        createdBy: user.id,
        ...(req.retentionDays !== undefined ? { retentionDays: req.retentionDays } : {}),
      };
      if (encryption.type === 'provider') record = { ...base, encryption: { type: 'provider' } };
      else if (encryption.type === 'customer') {
        if (typeof encryption.keyCrn !== 'string' || encryption.keyCrn.length === 0)
          throw invalidField('encryption.keyCrn', 'give the CRN of a root key');
        const found = await this.storage.gate.lookup(instance, encryption.keyCrn);
        if (!found.found) throw keyCrnNotFound(encryption.keyCrn);
        if (found.key.extractable)
          throw invalidField(
            'encryption.keyCrn',
            `"${found.key.name}" is a standard key; buckets are protected by root keys`,
          );
        const problem = keyProblem(req.name, found.key, 'write');
        if (problem) throw engineError('KEY_ACTION_INVALID_STATE_ERR', problem);
        record = {
          ...base,
          encryption: {
            type: 'customer',
            keyCrn: found.key.crn,
            keyId: found.key.id,
            keyInstanceId: found.key.instanceId,
          },
        };
      } else throw invalidField('encryption.type', 'use "provider" or "customer"');
      await op.commit(
        async (tx) => {
          if (await tx.getBucket(record.name))
            throw engineError(
              'BUCKET_ALREADY_EXISTS_ERR',
              `A bucket named "${record.name}" already exists in this account; bucket names are unique, choose another.`,
            );
          if (record.encryption.type === 'customer')
            await this.storage.gate.confirmIn(
              tx,
              instance,
              record.encryption.keyId,
              record.encryption.keyCrn,
              'wrap',
              op.now,
            );
          await tx.putBucket(record);
          if (record.encryption.type === 'customer')
            await this.storage.gate.registerIn(
              tx,
              record.encryption.keyId,
              record.crn,
              record.retentionDays !== undefined,
              op.now,
            );
        },
        { topic: 'storage', instanceId: instance.id },
      );
      return this.view(instance, record);
    });
  }

  listBuckets(ctx: CallContext): Promise<{ buckets: Bucket[]; total: number }> {
    return perform(this.env, ctx, 'cloud-object-storage.instance.list', async (op) => {
      const instance = await this.storage.authorize(op, 'read');
      const records = await this.env.store.read((tx) => tx.bucketsOfInstance(instance.id));
      records.sort((a, b) => (a.name < b.name ? -1 : 1));
      const buckets: Bucket[] = [];
      for (const r of records) buckets.push(await this.view(instance, r));
      return { buckets, total: buckets.length };
    });
  }

  getBucket(ctx: CallContext, name: string): Promise<Bucket> {
    return perform(this.env, ctx, 'cloud-object-storage.bucket-metadata.read', async (op) => {
      const instance = await this.storage.authorize(op, 'read');
      const record = await this.storage.bucket(name, instance);
      op.aim(record.crn, { instanceId: instance.id });
      return this.view(instance, record);
    });
  }

  deleteBucket(ctx: CallContext, name: string): Promise<void> {
    return perform(this.env, ctx, 'cloud-object-storage.bucket.delete', async (op) => {
      const instance = await this.storage.authorize(op, 'manage');
      const record = await this.storage.bucket(name, instance);
      op.aim(record.crn, { instanceId: instance.id });
      await op.commit(
        async (tx) => {
          const count = await tx.countObjects(record.name);
          if (count > 0)
            throw engineError(
              'BUCKET_NOT_EMPTY_ERR',
              `Bucket "${record.name}" still holds ${count} object${count === 1 ? '' : 's'}; delete them first.`,
            );
          await tx.deleteBucket(record.name);
          await tx.deleteRewrapJob(record.name);
          if (record.encryption.type === 'customer')
            await this.storage.gate.unregisterIn(tx, record.encryption.keyId, record.crn);
        },
        { topic: 'storage', instanceId: instance.id },
      );
    });
  }

  /** Root keys the storage instance is authorized to use (the create-bucket key picker). */
  listEncryptionKeys(ctx: CallContext): Promise<{ keys: EncryptionKeyChoice[]; total: number }> {
    return perform(this.env, ctx, 'cloud-object-storage.bucket.list-keys', async (op) => {
      const instance = await this.storage.authorize(op, 'write');
      const snap = await this.env.directory.get();
      const keys = (await this.storage.gate.authorizedRootKeys(instance)).map((k) => ({
        keyCrn: k.crn,
        keyId: k.id,
        name: k.name,
        aliases: k.aliases,
        state: k.state,
        instanceId: k.instanceId,
        instanceName: snap.instances.get(k.instanceId)?.name ?? k.instanceId,
      }));
      return { keys, total: keys.length };
    });
  }

  /** The buckets a key protects, with their size: the blast radius shown on the key page. */
  getProtectedBuckets(
    ctx: CallContext,
    idOrAlias: string,
  ): Promise<{ buckets: ProtectedBucket[]; total: number }> {
    return perform(this.env, ctx, 'kms.registrations.list', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'read');
      const buckets = await this.env.store.read(async (tx) => {
        const out: ProtectedBucket[] = [];
        for (const b of await tx.bucketsOfKey(key.id)) {
          const objects = await tx.objectsOfBucket(b.name);
          out.push({
            name: b.name,
            crn: b.crn,
            objectCount: objects.length,
            size: objects.reduce((n, o) => n + o.size, 0),
            ...(b.retentionDays !== undefined ? { retentionDays: b.retentionDays } : {}),
          });
        }
        return out;
      });
      return { buckets, total: buckets.length };
    });
  }

  private async view(instance: ServiceInstance, record: BucketRecord): Promise<Bucket> {
    const { objects, job } = await this.env.store.read(async (tx) => ({
      objects: await tx.objectsOfBucket(record.name),
      job: await tx.getRewrapJob(record.name),
    }));
    const key = await this.storage.keyStatus(instance, record);
    const access =
      record.encryption.type === 'provider'
        ? bucketAccessFor(KeyState.Active)
        : key?.reachable && key.state !== undefined
          ? bucketAccessFor(key.masterKeyMissing ? 'purged' : key.state)
          : bucketAccessFor('purged');
    return {
      name: record.name,
      crn: record.crn,
      instanceId: record.instanceId,
      createdAt: iso(record.createdAt),
      createdBy: record.createdBy,
      encryption: record.encryption,
      ...(record.retentionDays !== undefined ? { retentionDays: record.retentionDays } : {}),
      objectCount: objects.length,
      size: totalSize(objects),
      access,
      ...(key ? { key } : {}),
      ...(job ? { rewrap: jobView(job) } : {}),
    };
  }
}

function totalSize(objects: ObjectRecord[]): number {
  return objects.reduce((n, o) => n + o.size, 0);
}

function jobView(job: RewrapJobRecord): Bucket['rewrap'] {
  return {
    state: job.state,
    targetKeyVersionId: job.targetKeyVersionId,
    total: job.total,
    done: job.done,
    startedAt: iso(job.startedAt),
    ...(job.finishedAt !== undefined ? { finishedAt: iso(job.finishedAt) } : {}),
    ...(job.error !== undefined ? { error: job.error } : {}),
  };
}
