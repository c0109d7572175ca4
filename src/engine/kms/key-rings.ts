/**
 * Key rings of SPEC.md section 7: list (with key counts), create (Writer), delete (Manager; only
 * when every key in the ring is Destroyed, `force` then moves those to `default`; `default` never),
 * and moving a key between rings (Manager on both). Access policies may be scoped to a ring, so
 * each check names the ring it is about.
 */
import type { CallContext, DeleteKeyRingOptions, PageQuery } from '../../domain/api';
import { INSTANCE_SERVICE_NAMES } from '../../domain/access-validation';
import { formatCrn } from '../../domain/crn';
import { denied, EngineError, engineError, invalidField } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import type { KeyAction } from '../../domain/roles';
import { leastRoleFor } from '../../domain/roles';
import type { Key, KeyRing, ServiceInstance, User } from '../../domain/types';
import { check, keyRingIdProblem, pageOf } from '../../domain/validation';
import { allows, allowsAnywhereIn, denial, requireAllowed } from '../iam/access';
import { DEFAULT_KEY_RING } from '../iam/bootstrap';
import { perform, type EngineContext, type Operation } from '../operation';
import type { AccessPolicy } from '../store/records';
import type { KeyCache } from './key-cache';
import { effectiveState, toKey } from './key-view';
import { requireNotDeleted } from './key-guards';
import type { KeyService } from './keys';

/** At most this many key rings per instance, `default` included. */
export const MAX_KEY_RINGS = 50;

const iso = (ms: number): string => new Date(ms).toISOString();

function ringNotFound(id: string): EngineError {
  return engineError('KEY_RING_NOT_FOUND_ERR', `Key ring "${id}" does not exist in this instance.`);
}

function ringCrn(instance: ServiceInstance, accountId: string, id: string): string {
  return formatCrn({
    service: INSTANCE_SERVICE_NAMES[instance.kind],
    region: instance.region,
    accountId,
    instanceGuid: instance.id,
    resourceType: 'key-ring',
    resource: id,
  });
}

export class KeyRingService {
  constructor(
    private readonly env: EngineContext,
    private readonly keys: KeyService,
    private readonly cache: KeyCache,
  ) {}

  /** Signs in, resolves the instance and aims the event at the ring (or the instance). */
  private async begin(
    op: Operation,
    ringId?: string,
  ): Promise<{ user: User; policies: AccessPolicy[]; instance: ServiceInstance }> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    if (typeof ringId === 'string' && keyRingIdProblem(ringId) === undefined) {
      const account = (await this.env.directory.get()).account;
      op.aim(ringCrn(instance, account.id, ringId), {
        instanceId: instance.id,
        keyRingID: ringId,
      });
    }
    return { user, policies, instance };
  }

  listKeyRings(
    ctx: CallContext,
    page?: PageQuery,
  ): Promise<{ keyRings: KeyRing[]; total: number }> {
    return perform(this.env, ctx, 'kms.key-rings.list', async (op) => {
      const { user, policies, instance } = await this.begin(op);
      if (!allowsAnywhereIn(policies, instance.id, 'read'))
        throw denial(user, 'read', { instanceId: instance.id });
      const stored = await this.env.store.read((tx) => tx.keyRingsOfInstance(instance.id));
      const counts = new Map<string, { all: number; deleted: number }>();
      for (const key of await this.cache.allKeys(instance.id)) {
        const c = counts.get(key.keyRingID) ?? { all: 0, deleted: 0 };
        c.all += 1;
        if (effectiveState(key, op.now) === KeyState.Destroyed) c.deleted += 1;
        counts.set(key.keyRingID, c);
      }
      const keyRings = stored
        .map((r) => ({
          id: r.id,
          creationDate: iso(r.creationDate),
          createdBy: r.createdBy,
          keyCount: counts.get(r.id)?.all ?? 0,
          deletedKeyCount: counts.get(r.id)?.deleted ?? 0,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return { keyRings: pageOf(keyRings, page), total: keyRings.length };
    });
  }

  createKeyRing(ctx: CallContext, keyRingID: string): Promise<KeyRing> {
    return perform(this.env, ctx, 'kms.key-rings.create', async (op) => {
      const { user, policies, instance } = await this.begin(op, keyRingID);
      // A new ring belongs to the instance: only an instance-wide role may create one.
      if (!allows(policies, { instanceId: instance.id }, 'write'))
        throw refusal(user, 'write', 'create key rings in this instance');
      check('keyRingID', keyRingIdProblem(keyRingID));
      const record = {
        instanceId: instance.id,
        id: keyRingID,
        creationDate: op.now,
        createdBy: user.id,
      };
      await op.commit(
        async (tx) => {
          if (await tx.getKeyRing(instance.id, keyRingID))
            throw engineError(
              'DUPLICATE_KEY_RING_ERR',
              `A key ring named "${keyRingID}" already exists in this instance; choose another id.`,
            );
          // Key Protect: 50 rings besides `default` (which is counted in storage).
          if ((await tx.countKeyRings(instance.id)) - 1 >= MAX_KEY_RINGS)
            throw engineError(
              'KEY_RING_QUOTA_ERR',
              `An instance can have at most ${MAX_KEY_RINGS} key rings besides default; delete an unused ring first.`,
            );
          await tx.putKeyRing(record);
        },
        { topic: 'keyRings', instanceId: instance.id },
      );
      return {
        id: keyRingID,
        creationDate: iso(op.now),
        createdBy: user.id,
        keyCount: 0,
        deletedKeyCount: 0,
      };
    });
  }

  deleteKeyRing(
    ctx: CallContext,
    keyRingID: string,
    options: DeleteKeyRingOptions = {},
  ): Promise<void> {
    return perform(this.env, ctx, 'kms.key-rings.delete', async (op) => {
      const { user, policies, instance } = await this.begin(op, keyRingID);
      check('keyRingID', keyRingIdProblem(keyRingID));
      if (!allows(policies, { instanceId: instance.id, keyRingID }, 'manage'))
        throw refusal(user, 'manage', `delete key ring "${keyRingID}"`);
      if (typeof options !== 'object' || options === null)
        throw invalidField('options', 'give {force?: boolean}');
      if (options.force !== undefined && typeof options.force !== 'boolean')
        throw invalidField('force', 'must be true or false');
      if (keyRingID === DEFAULT_KEY_RING)
        throw engineError(
          'INVALID_FIELD_ERR',
          'keyRingID: the "default" key ring always exists and cannot be deleted.',
        );
      const force = options.force === true;
      let accessEnded = false;
      const moved = await op.commit(
        async (tx) => {
          if (!(await tx.getKeyRing(instance.id, keyRingID))) throw ringNotFound(keyRingID);
          const keys = await tx.keysOfRing(instance.id, keyRingID);
          const live = keys.filter((k) => effectiveState(k, op.now) !== KeyState.Destroyed);
          if (live.length > 0)
            throw engineError(
              'KEY_RING_NOT_EMPTY_ERR',
              `Key ring "${keyRingID}" holds ${live.length} key${live.length === 1 ? '' : 's'} that ${live.length === 1 ? 'is' : 'are'} not deleted; delete ${live.length === 1 ? 'it' : 'them'} (or move ${live.length === 1 ? 'it' : 'them'} to another ring) first.`,
            );
          if (keys.length > 0 && !force)
            throw engineError(
              'KEY_RING_NOT_EMPTY_ERR',
              `Key ring "${keyRingID}" still holds ${keys.length} deleted key${keys.length === 1 ? '' : 's'}; delete with force to move ${keys.length === 1 ? 'it' : 'them'} to the "default" ring.`,
            );
          if (keys.length > 0)
            requireAllowed(
              user,
              policies,
              { instanceId: instance.id, keyRingID: DEFAULT_KEY_RING },
              'manage',
            );
          const updated = keys.map((k) => ({ ...k, keyRingID: DEFAULT_KEY_RING }));
          for (const k of updated) await tx.putKey(k);
          await tx.deleteKeyRing(instance.id, keyRingID);
          // SPEC 7: access policies and authorizations scoped to the ring end with it, so that
          // a later ring of the same id starts with nobody's rules on it.
          const inRing = (s: { keyRingID?: string }) => s.keyRingID === keyRingID;
          let scopedRemoved = 0;
          for (const p of await tx.listPolicies())
            if (p.scope.instanceId === instance.id && inRing(p.scope)) {
              await tx.deletePolicy(p.id);
              scopedRemoved++;
            }
          for (const a of await tx.listAuthorizations())
            if (a.targetInstanceId === instance.id && inRing(a)) {
              await tx.deleteAuthorization(a.id);
              scopedRemoved++;
            }
          accessEnded = scopedRemoved > 0;
          return updated;
        },
        { topic: 'keyRings', instanceId: instance.id },
      );
      if (accessEnded) {
        this.env.directory.invalidate();
        this.cache.clear();
        this.env.notify({ topic: 'access' });
      }
      for (const key of moved) {
        this.cache.remember(key);
        this.env.notify({ topic: 'keys', instanceId: key.instanceId, keyId: key.id });
      }
    });
  }

  setKeyRing(ctx: CallContext, idOrAlias: string, keyRingID: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.patch', async (op) => {
      const { user, policies, key } = await this.keys.resolve(op, idOrAlias, 'manage');
      check('keyRingID', keyRingIdProblem(keyRingID));
      // Manager on the destination ring itself: a policy on this one key does not reach there.
      if (!allows(policies, { instanceId: key.instanceId, keyRingID }, 'manage'))
        throw refusal(user, 'manage', `move keys into key ring "${keyRingID}"`);
      const next = await this.keys.change(op, key, async (fresh, tx) => {
        requireNotDeleted(fresh, op.now, 'moving it to another key ring');
        if (!(await tx.getKeyRing(fresh.instanceId, keyRingID))) throw ringNotFound(keyRingID);
        if (fresh.keyRingID === keyRingID)
          throw invalidField('keyRingID', `the key is already in key ring "${keyRingID}"`);
        return { ...fresh, keyRingID, lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }
}

function refusal(user: User, action: KeyAction, what: string): EngineError {
  return denied(`${user.name} may not ${what}: this needs the ${leastRoleFor(action)} role.`);
}
