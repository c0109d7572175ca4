/**
 * Service authorizations (SPEC section 9): an Administrator lets a source object-storage instance
 * use a target kms or hpcs instance's keys (all, one ring's, or one key's) with role Reader.
 * Owns create, list and delete (audited as `iam.authorization.*`) and the one question the
 * object-storage area asks before it touches a key: `authorizationAllows(source, key)`.
 */
import type {
  AuthorizationList,
  CallContext,
  CreateAuthorizationRequest,
  DeleteAuthorizationOptions,
} from '../../domain/api';
import { formatCrn } from '../../domain/crn';
import { engineError, invalidField, keyNotFound } from '../../domain/errors';
import type { ServiceAuthorization, ServiceInstance } from '../../domain/types';
import { check, keyRingIdProblem } from '../../domain/validation';
import { randomUUID } from '../crypto/random';
import { perform, type EngineContext } from '../operation';
import type { StoreTx } from '../store/store-tx';
import { requireAdministrator } from './access';
import type { DependentsHook, KeyUser } from './dependents';

/** The parts of a key an authorization's scope is matched against. */
export interface AuthorizedKey {
  instanceId: string;
  keyRingID: string;
  id: string;
}

/** Whether one authorization lets `sourceInstanceId` use `key`. */
export function authorizationCovers(
  authorization: ServiceAuthorization,
  sourceInstanceId: string,
  key: AuthorizedKey,
): boolean {
  if (authorization.sourceInstanceId !== sourceInstanceId) return false;
  if (authorization.targetInstanceId !== key.instanceId) return false;
  if (authorization.keyRingID !== undefined && authorization.keyRingID !== key.keyRingID)
    return false;
  if (authorization.keyId !== undefined && authorization.keyId !== key.id) return false;
  return true;
}

/** "All keys", "key ring x" or "key y": how the console and messages name a scope. */
export function describeScope(a: Pick<ServiceAuthorization, 'keyRingID' | 'keyId'>): string {
  if (a.keyId !== undefined) return `key ${a.keyId}`;
  if (a.keyRingID !== undefined) return `key ring "${a.keyRingID}"`;
  return 'all keys';
}

const MAX_ID = 200;

function idField(field: string, value: unknown, optional: boolean): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID)
    throw invalidField(field, `must be an id of 1–${MAX_ID} characters`);
  return value;
}

export class AuthorizationService {
  constructor(
    private readonly env: EngineContext,
    private readonly dependents: DependentsHook,
  ) {}

  /**
   * May the source (cos) instance use this key? True when some authorization from it covers the
   * key's instance, ring and id. Answered from the directory held in memory (reloaded when access
   * changes in any tab). Not audited: the object-storage call that asks is.
   */
  async authorizationAllows(sourceInstanceId: string, key: AuthorizedKey): Promise<boolean> {
    const { authorizations } = await this.env.directory.get();
    return authorizations.some((a) => authorizationCovers(a, sourceInstanceId, key));
  }

  /** The same question inside a caller's transaction, read from the store itself. */
  async authorizationAllowsIn(
    tx: StoreTx,
    sourceInstanceId: string,
    key: AuthorizedKey,
  ): Promise<boolean> {
    const authorizations = await tx.listAuthorizations();
    return authorizations.some((a) => authorizationCovers(a, sourceInstanceId, key));
  }

  createAuthorization(
    ctx: CallContext,
    req: CreateAuthorizationRequest,
  ): Promise<ServiceAuthorization> {
    return perform(this.env, ctx, 'iam.authorization.create', async (op) => {
      const { user, policies } = await op.signIn();
      const snap = await this.env.directory.get();
      op.aim(this.crnOf(snap.account.id, ''), { instanceId: ctx.instanceId });
      requireAdministrator(user, policies, 'manage service authorizations');
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'an authorization request is required');
      const sourceId = idField('sourceInstanceId', req.sourceInstanceId, false) ?? '';
      const targetId = idField('targetInstanceId', req.targetInstanceId, false) ?? '';
      const keyRingID = req.keyRingID;
      if (keyRingID !== undefined) check('keyRingID', keyRingIdProblem(keyRingID));
      const keyRef = idField('keyId', req.keyId, true);
      if (keyRingID !== undefined && keyRef !== undefined)
        throw invalidField(
          'scope',
          'choose one scope: all keys, one key ring (keyRingID) or one key (keyId), not both',
        );
      if (req.role !== 'Reader')
        throw invalidField('role', 'a service authorization grants the Reader role; use "Reader"');
      const source = this.instance(snap.instances, sourceId, 'source');
      const target = this.instance(snap.instances, targetId, 'target');
      if (source.id === target.id)
        throw invalidField(
          'targetInstanceId',
          'an instance cannot be authorized to use itself; choose another target',
        );
      if (source.kind !== 'cos')
        throw invalidField(
          'sourceInstanceId',
          `the source must be an object storage (cos) instance; "${source.name}" is ${source.kind}`,
        );
      if (target.kind !== 'kms' && target.kind !== 'hpcs')
        throw invalidField(
          'targetInstanceId',
          `the target must be a key management (kms or hpcs) instance; "${target.name}" is ${target.kind}`,
        );
      op.aim(target.crn, { instanceId: target.id });

      const id = randomUUID();
      const created = await op.commit(
        async (tx) => {
          const scope: Pick<ServiceAuthorization, 'keyRingID' | 'keyId'> = {};
          if (keyRingID !== undefined) {
            if (!(await tx.getKeyRing(target.id, keyRingID)))
              throw engineError(
                'KEY_RING_NOT_FOUND_ERR',
                `Key ring "${keyRingID}" does not exist in "${target.name}".`,
              );
            scope.keyRingID = keyRingID;
          }
          if (keyRef !== undefined) {
            let key = await tx.getKey(keyRef);
            if (!key || key.instanceId !== target.id) {
              const alias = await tx.getAlias(target.id, keyRef);
              key = alias ? await tx.getKey(alias.keyId) : undefined;
            }
            if (!key || key.instanceId !== target.id) throw keyNotFound(keyRef);
            scope.keyId = key.id;
          }
          const existing = (await tx.listAuthorizations()).find(
            (a) =>
              a.sourceInstanceId === source.id &&
              a.targetInstanceId === target.id &&
              a.keyRingID === scope.keyRingID &&
              a.keyId === scope.keyId,
          );
          if (existing)
            throw engineError(
              'AUTHORIZATION_EXISTS_ERR',
              `"${source.name}" is already authorized to use ${describeScope(scope)} of "${target.name}" (authorization ${existing.id}).`,
              [existing.id],
            );
          const record: ServiceAuthorization = {
            id,
            sourceInstanceId: source.id,
            targetInstanceId: target.id,
            ...scope,
            role: 'Reader',
            crn: this.crnOf(snap.account.id, id),
            createdBy: user.id,
            createdAt: new Date(op.now).toISOString(),
          };
          await tx.putAuthorization(record);
          return record;
        },
        { topic: 'access', subject: 'authorizations', instanceId: target.id },
      );
      this.env.directory.invalidate();
      return created;
    });
  }

  listAuthorizations(ctx: CallContext): Promise<AuthorizationList> {
    return perform(this.env, ctx, 'iam.authorization.list', async (op) => {
      const { user, policies } = await op.signIn();
      const snap = await this.env.directory.get();
      op.aim(this.crnOf(snap.account.id, ''), { instanceId: ctx.instanceId });
      requireAdministrator(user, policies, 'see service authorizations');
      const authorizations = [...snap.authorizations].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      );
      const dependents = await this.env.store.read(async (tx) => {
        const result: Record<string, string[]> = {};
        for (const a of authorizations)
          result[a.id] = (await this.dependentsOf(tx, a)).map((d) => d.name);
        return result;
      });
      return { authorizations, total: authorizations.length, dependents };
    });
  }

  deleteAuthorization(
    ctx: CallContext,
    id: string,
    options: DeleteAuthorizationOptions = {},
  ): Promise<void> {
    return perform(this.env, ctx, 'iam.authorization.delete', async (op) => {
      const { user, policies } = await op.signIn();
      const snap = await this.env.directory.get();
      const authorizationId = idField('id', id, false) ?? '';
      op.aim(this.crnOf(snap.account.id, authorizationId), { instanceId: ctx.instanceId });
      requireAdministrator(user, policies, 'manage service authorizations');
      if (typeof options !== 'object' || options === null)
        throw invalidField('options', 'must be an object such as { force: true }');
      if (options.force !== undefined && typeof options.force !== 'boolean')
        throw invalidField('force', 'must be true or false');
      await op.commit(
        async (tx) => {
          const record = await tx.getAuthorization(authorizationId);
          if (!record)
            throw engineError(
              'AUTHORIZATION_NOT_FOUND_ERR',
              `No service authorization has the id "${authorizationId}".`,
            );
          op.aim(record.crn, { instanceId: record.targetInstanceId });
          const dependents = await this.dependentsOf(tx, record);
          if (dependents.length > 0 && options.force !== true)
            throw engineError(
              'PROTECTED_RESOURCE_ERR',
              `${dependents.length} bucket${dependents.length === 1 ? '' : 's'} would lose access to ${dependents.length === 1 ? 'its key' : 'their keys'}: ${dependents.map((d) => d.name).join(', ')}. Delete with force to confirm.`,
              dependents.map((d) => d.name),
            );
          await tx.deleteAuthorization(record.id);
        },
        { topic: 'access', subject: 'authorizations' },
      );
      this.env.directory.invalidate();
    });
  }

  /**
   * The resources that use a key only through this authorization: removing it cuts them off.
   * A resource also covered by another authorization of the same source keeps its access.
   */
  async dependentsOf(tx: StoreTx, authorization: ServiceAuthorization): Promise<KeyUser[]> {
    const others = (await tx.listAuthorizations()).filter((a) => a.id !== authorization.id);
    const result: KeyUser[] = [];
    for (const user of await this.dependents.keyUsersOf(tx, authorization.sourceInstanceId)) {
      const key = await tx.getKey(user.keyId);
      if (!key) continue;
      const source = authorization.sourceInstanceId;
      if (!authorizationCovers(authorization, source, key)) continue;
      if (others.some((a) => authorizationCovers(a, source, key))) continue;
      result.push(user);
    }
    return result;
  }

  private instance(
    instances: Map<string, ServiceInstance>,
    id: string,
    role: 'source' | 'target',
  ): ServiceInstance {
    const instance = instances.get(id);
    if (!instance)
      throw engineError(
        'INSTANCE_NOT_FOUND_ERR',
        `No service instance has the id "${id}" (the ${role} of the authorization).`,
      );
    return instance;
  }

  private crnOf(accountId: string, id: string): string {
    return formatCrn({
      service: 'iam',
      region: 'global',
      accountId,
      instanceGuid: '',
      resourceType: id ? 'authorization' : '',
      resource: id,
    });
  }
}
