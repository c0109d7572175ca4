/**
 * Service instances of the account (SPEC section 1): create (kms, hpcs or cos, with a name and a
 * region), rename, delete, and what each holds. Administrator only, audited as `iam.instance.*`.
 *
 * A kms instance is created with its master key and `default` key ring, ready for keys. An hpcs
 * instance gets its `default` ring but no master key: SPEC section 11 says it does nothing until
 * its custodians load one (a ceremony not built yet), so creating keys in it is refused with
 * 409 MASTER_KEY_NOT_LOADED_ERR. A cos instance holds buckets, which the object-storage area
 * reports through the dependents hook.
 */
import type { CallContext, CreateInstanceRequest, InstanceUsage } from '../../domain/api';
import {
  INSTANCE_SERVICE_NAMES,
  instanceNameProblem,
  isInstanceKind,
  isRegion,
} from '../../domain/access-validation';
import { formatCrn } from '../../domain/crn';
import { EngineError, engineError, invalidField } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import type { ServiceInstance } from '../../domain/types';
import { REGIONS } from '../../domain/types';
import { check } from '../../domain/validation';
import { createMasterKey } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import { perform, type EngineContext, type Operation } from '../operation';
import type { StoreTx } from '../store/store-tx';
import { requireAdministrator } from './access';
import { DEFAULT_KEY_RING } from './bootstrap';
import type { DependentsHook } from './dependents';

export class InstanceService {
  constructor(
    private readonly env: EngineContext,
    private readonly dependents: DependentsHook,
    /** Drops this tab's cached directory and keys after a change it committed. */
    private readonly changed: () => void,
  ) {}

  createInstance(ctx: CallContext, req: CreateInstanceRequest): Promise<ServiceInstance> {
    return perform(this.env, ctx, 'iam.instance.create', async (op) => {
      const account = await this.admin(op, 'create service instances');
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'an instance request is required');
      if (!isInstanceKind(req.kind))
        throw invalidField('kind', 'choose kms (Key Protect), hpcs (Hyper Protect) or cos');
      check('name', instanceNameProblem(req.name));
      if (!isRegion(req.region))
        throw invalidField('region', `choose one of ${REGIONS.join(', ')}`);
      const id = randomUUID();
      const instance: ServiceInstance = {
        id,
        kind: req.kind,
        name: req.name,
        region: req.region,
        crn: formatCrn({
          service: INSTANCE_SERVICE_NAMES[req.kind],
          region: req.region,
          accountId: account,
          instanceGuid: id,
          resourceType: '',
          resource: '',
        }),
        createdAt: new Date(op.now).toISOString(),
      };
      op.aim(instance.crn, { instanceId: id });
      // Crypto before the transaction (a transaction closes if it awaits anything else).
      const masterKey = req.kind === 'kms' ? await createMasterKey() : undefined;
      await op.commit(
        async (tx) => {
          await tx.putInstance(instance);
          if (req.kind !== 'cos')
            await tx.putKeyRing({
              instanceId: id,
              id: DEFAULT_KEY_RING,
              creationDate: op.now,
              createdBy: op.ctx.userId,
            });
          if (masterKey)
            await tx.putMasterKey({ instanceId: id, key: masterKey, createdAt: op.now });
        },
        { topic: 'access', subject: 'instances', instanceId: id },
      );
      this.changed();
      return instance;
    });
  }

  renameInstance(ctx: CallContext, instanceId: string, name: string): Promise<ServiceInstance> {
    return perform(this.env, ctx, 'iam.instance.update', async (op) => {
      await this.admin(op, 'rename service instances');
      const instance = await this.find(instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      check('name', instanceNameProblem(name));
      const renamed = await op.commit(
        async (tx) => {
          const fresh = await tx.getInstance(instance.id);
          if (!fresh) throw notFound(instance.id);
          const next = { ...fresh, name };
          await tx.putInstance(next);
          // The record may carry the instance's key policies; the API shape does not.
          const { id, kind, region, crn, createdAt } = next;
          return { id, kind, name, region, crn, createdAt };
        },
        { topic: 'access', subject: 'instances', instanceId: instance.id },
      );
      this.changed();
      return renamed;
    });
  }

  deleteInstance(ctx: CallContext, instanceId: string): Promise<void> {
    return perform(this.env, ctx, 'iam.instance.delete', async (op) => {
      await this.admin(op, 'delete service instances');
      const instance = await this.find(instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      await op.commit(
        async (tx) => {
          const keys = await tx.keysOfInstance(instance.id);
          const live = keys.filter((k) => k.state !== KeyState.Destroyed);
          const resources = await this.dependents.resourcesInInstance(tx, instance.id);
          if (live.length > 0 || resources.length > 0) {
            const held = [
              live.length > 0
                ? `${live.length} key${live.length === 1 ? '' : 's'} that ${live.length === 1 ? 'is' : 'are'} not Deleted`
                : '',
              resources.length > 0
                ? `${resources.length} bucket${resources.length === 1 ? '' : 's'} (${resources.join(', ')})`
                : '',
            ].filter(Boolean);
            throw engineError(
              'INSTANCE_NOT_EMPTY_ERR',
              `"${instance.name}" still holds ${held.join(' and ')}: delete ${live.length > 0 && resources.length > 0 ? 'them' : live.length > 0 ? 'the keys' : 'the buckets'} first.`,
              [...live.map((k) => k.name), ...resources],
            );
          }
          // What is left belongs to the instance alone: Deleted keys and their material,
          // rings, the master key, its import token, and the policies and authorizations that name
          // it.
          for (const key of keys) {
            await tx.deleteVersionsOfKey(key.id);
            await tx.deleteRegistrationsOfKey(key.id);
            await tx.deleteKey(key.id);
          }
          await tx.deleteAliasesOfInstance(instance.id);
          await tx.deleteKeyRingsOfInstance(instance.id);
          await tx.deleteMasterKey(instance.id);
          await tx.deleteHpcs(instance.id);
          await tx.deleteImportToken(instance.id);
          for (const p of await tx.listPolicies())
            if (p.scope.instanceId === instance.id) await tx.deletePolicy(p.id);
          for (const a of await tx.listAuthorizations())
            if (a.sourceInstanceId === instance.id || a.targetInstanceId === instance.id)
              await tx.deleteAuthorization(a.id);
          await tx.deleteInstance(instance.id);
        },
        { topic: 'access', subject: 'instances', instanceId: instance.id },
      );
      this.changed();
    });
  }

  getInstanceUsage(ctx: CallContext): Promise<Record<string, InstanceUsage>> {
    return perform(this.env, ctx, 'iam.instance.list', async (op) => {
      await this.admin(op, 'see what service instances hold');
      return this.env.store.read(async (tx) => {
        const result: Record<string, InstanceUsage> = {};
        const policies = await tx.listPolicies();
        const authorizations = await tx.listAuthorizations();
        for (const instance of await tx.listInstances())
          result[instance.id] = await usageOf(tx, instance.id, this.dependents, {
            policies: policies.filter((p) => p.scope.instanceId === instance.id).length,
            authorizations: authorizations.filter(
              (a) => a.sourceInstanceId === instance.id || a.targetInstanceId === instance.id,
            ).length,
          });
        return result;
      });
    });
  }

  /** Signs in an Administrator and names the account as the call's target; returns its id. */
  private async admin(op: Operation, what: string): Promise<string> {
    const { user, policies } = await op.signIn();
    const { account } = await this.env.directory.get();
    op.aim(
      formatCrn({
        service: 'iam',
        region: 'global',
        accountId: account.id,
        instanceGuid: '',
        resourceType: '',
        resource: '',
      }),
      {
        instanceId: op.ctx.instanceId,
      },
    );
    requireAdministrator(user, policies, what);
    return account.id;
  }

  private async find(instanceId: unknown): Promise<ServiceInstance> {
    if (typeof instanceId !== 'string' || instanceId.length === 0)
      throw invalidField('instanceId', 'an instance id is required');
    const instance = (await this.env.directory.get()).instances.get(instanceId);
    if (!instance) throw notFound(instanceId);
    return instance;
  }
}

function notFound(id: string): EngineError {
  return engineError('INSTANCE_NOT_FOUND_ERR', `No service instance has the id "${id}".`);
}

async function usageOf(
  tx: StoreTx,
  instanceId: string,
  dependents: DependentsHook,
  counts: { policies: number; authorizations: number },
): Promise<InstanceUsage> {
  const keys = await tx.keysOfInstance(instanceId);
  const deletedKeys = keys.filter((k) => k.state === KeyState.Destroyed).length;
  return {
    activeKeys: keys.length - deletedKeys,
    deletedKeys,
    keyRings: (await tx.keyRingsOfInstance(instanceId)).length,
    resources: await dependents.resourcesInInstance(tx, instanceId),
    ...counts,
  };
}
