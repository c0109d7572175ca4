/**
 * Users and access policies (SPEC sections 1 and 2): add and remove users, grant and revoke a
 * service role on an instance, a key ring or one key (or the platform Administrator role), and
 * explain what a user may do at a scope. Changes are Administrator only and audited as
 * `iam.user.*` and `iam.policy.*`; the account always keeps at least one Administrator.
 */
import type {
  AccessCheck,
  AccessCheckRequest,
  AddUserRequest,
  CallContext,
  GrantAccessRequest,
} from '../../domain/api';
import { emailProblem, sameEmail, userNameProblem } from '../../domain/access-validation';
import { formatCrn } from '../../domain/crn';
import { EngineError, engineError, invalidField, keyNotFound } from '../../domain/errors';
import { ACTION_LABELS, SERVICE_ROLES, type Role, type ServiceRole } from '../../domain/roles';
import type { AccessPolicy, PolicyScope, User } from '../../domain/types';
import { check, keyRingIdProblem } from '../../domain/validation';
import { randomUUID } from '../crypto/random';
import { perform, type EngineContext, type Operation } from '../operation';
import type { StoreTx } from '../store/store-tx';
import {
  describePolicyScope,
  explainAt,
  isAdministrator,
  requireAdministrator,
  serviceRolesAt,
  type AccessTarget,
} from './access';

const MAX_ID = 200;

function idOf(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID)
    throw invalidField(field, `must be an id of 1–${MAX_ID} characters`);
  return value;
}

function userNotFound(id: string): EngineError {
  return engineError('USER_NOT_FOUND_ERR', `No user of this account has the id "${id}".`);
}

function isRole(value: unknown): value is Role {
  return value === 'Administrator' || SERVICE_ROLES.includes(value as ServiceRole);
}

/** A key id or alias of the instance, as the key's id and ring; 404 when there is none. */
async function findKey(
  tx: StoreTx,
  instanceId: string,
  idOrAlias: string,
): Promise<{ id: string; keyRingID: string }> {
  let key = await tx.getKey(idOrAlias);
  if (!key || key.instanceId !== instanceId) {
    const alias = await tx.getAlias(instanceId, idOrAlias);
    key = alias ? await tx.getKey(alias.keyId) : undefined;
  }
  if (!key || key.instanceId !== instanceId) throw keyNotFound(idOrAlias);
  return { id: key.id, keyRingID: key.keyRingID };
}

/** The users holding the Administrator role, by the store's policies. */
function administrators(policies: readonly AccessPolicy[]): Set<string> {
  return new Set(policies.filter((p) => p.role === 'Administrator').map((p) => p.userId));
}

export class UserService {
  constructor(
    private readonly env: EngineContext,
    /** Drops this tab's cached directory and keys after a change it committed. */
    private readonly changed: () => void,
  ) {}

  addUser(ctx: CallContext, req: AddUserRequest): Promise<User> {
    return perform(this.env, ctx, 'iam.user.create', async (op) => {
      const accountId = await this.admin(op, 'add users');
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'a user request is required');
      check('name', userNameProblem(req.name));
      check('email', emailProblem(req.email));
      const user: User = { id: `user-${randomUUID()}`, name: req.name, email: req.email };
      op.aim(this.userCrn(accountId, user.id), { instanceId: '' });
      await op.commit(
        async (tx) => {
          const taken = (await tx.listUsers()).find((u) => sameEmail(u.email, req.email));
          if (taken)
            throw engineError(
              'USER_EXISTS_ERR',
              `${taken.name} already uses the email address ${taken.email}: each user needs their own.`,
              [taken.id],
            );
          await tx.putUser(user);
        },
        { topic: 'access', subject: 'users' },
      );
      this.changed();
      return user;
    });
  }

  removeUser(ctx: CallContext, userId: string): Promise<void> {
    return perform(this.env, ctx, 'iam.user.delete', async (op) => {
      const accountId = await this.admin(op, 'remove users');
      const id = idOf('userId', userId);
      op.aim(this.userCrn(accountId, id), { instanceId: '' });
      await op.commit(
        async (tx) => {
          const user = await tx.getUser(id);
          if (!user) throw userNotFound(id);
          const policies = await tx.listPolicies();
          const admins = administrators(policies);
          if (admins.has(id) && admins.size === 1)
            throw engineError(
              'LAST_ADMINISTRATOR_ERR',
              `${user.name} is the account's only Administrator: make someone else Administrator first.`,
            );
          for (const p of policies) if (p.userId === id) await tx.deletePolicy(p.id);
          await tx.deleteUser(id);
        },
        { topic: 'access', subject: 'policies' },
      );
      this.changed();
    });
  }

  grantAccess(ctx: CallContext, req: GrantAccessRequest): Promise<AccessPolicy> {
    return perform(this.env, ctx, 'iam.policy.create', async (op) => {
      const accountId = await this.admin(op, 'change access');
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'a policy request is required');
      const userId = idOf('userId', req.userId);
      if (!isRole(req.role))
        throw invalidField(
          'role',
          `choose one of ${SERVICE_ROLES.join(', ')} (service roles) or Administrator (the account)`,
        );
      const role = req.role;
      const raw: Record<string, unknown> =
        typeof req.scope === 'object' && (req.scope as unknown) !== null ? { ...req.scope } : {};
      const scope = this.checkScope(role, raw);
      const snap = await this.env.directory.get();
      if (scope.instanceId !== undefined) {
        const instance = snap.instances.get(scope.instanceId);
        if (!instance)
          throw engineError(
            'INSTANCE_NOT_FOUND_ERR',
            `No service instance has the id "${scope.instanceId}".`,
          );
        // Object storage has no rings or keys: its roles apply to the whole instance.
        if (instance.kind === 'cos' && (scope.keyRingID !== undefined || scope.keyId !== undefined))
          throw invalidField(
            'scope',
            `"${instance.name}" is object storage: its roles apply to the whole instance, not to a key ring or a key`,
          );
        op.aim(instance.crn, { instanceId: instance.id });
      } else op.aim(this.userCrn(accountId, userId), { instanceId: '' });
      const policy = await op.commit(
        async (tx) => {
          const user = await tx.getUser(userId);
          if (!user) throw userNotFound(userId);
          const stored: PolicyScope = {};
          if (scope.instanceId !== undefined) {
            stored.instanceId = scope.instanceId;
            if (scope.keyRingID !== undefined) {
              if (!(await tx.getKeyRing(scope.instanceId, scope.keyRingID)))
                throw engineError(
                  'KEY_RING_NOT_FOUND_ERR',
                  `Key ring "${scope.keyRingID}" does not exist in this instance.`,
                );
              stored.keyRingID = scope.keyRingID;
            }
            if (scope.keyId !== undefined)
              stored.keyId = (await findKey(tx, scope.instanceId, scope.keyId)).id;
          }
          const existing = (await tx.policiesOfUser(userId)).find(
            (p) =>
              p.role === role &&
              p.scope.instanceId === stored.instanceId &&
              p.scope.keyRingID === stored.keyRingID &&
              p.scope.keyId === stored.keyId,
          );
          if (existing)
            throw engineError(
              'POLICY_EXISTS_ERR',
              `${user.name} already has ${role} on ${describePolicyScope(stored)}.`,
              [existing.id],
            );
          const created: AccessPolicy = {
            id: randomUUID(),
            userId,
            role,
            scope: stored,
            createdAt: new Date(op.now).toISOString(),
          };
          await tx.putPolicy(created);
          return created;
        },
        {
          topic: 'access',
          subject: 'policies',
          ...(scope.instanceId ? { instanceId: scope.instanceId } : {}),
        },
      );
      this.changed();
      return policy;
    });
  }

  revokeAccess(ctx: CallContext, policyId: string): Promise<void> {
    return perform(this.env, ctx, 'iam.policy.delete', async (op) => {
      const accountId = await this.admin(op, 'change access');
      const id = idOf('policyId', policyId);
      const known = (await this.env.directory.get()).policies.find((p) => p.id === id);
      const instance = known?.scope.instanceId
        ? (await this.env.directory.get()).instances.get(known.scope.instanceId)
        : undefined;
      if (instance) op.aim(instance.crn, { instanceId: instance.id });
      else op.aim(this.userCrn(accountId, known?.userId ?? ''), { instanceId: '' });
      await op.commit(
        async (tx) => {
          const policy = await tx.getPolicy(id);
          if (!policy)
            throw engineError('POLICY_NOT_FOUND_ERR', `No access policy has the id "${id}".`);
          if (policy.role === 'Administrator') {
            const others = (await tx.listPolicies()).filter(
              (p) => p.role === 'Administrator' && p.userId !== policy.userId,
            );
            if (others.length === 0)
              throw engineError(
                'LAST_ADMINISTRATOR_ERR',
                'This is the account’s only Administrator: make someone else Administrator first.',
              );
          }
          await tx.deletePolicy(id);
        },
        { topic: 'access', subject: 'policies' },
      );
      this.changed();
    });
  }

  checkAccess(ctx: CallContext, req: AccessCheckRequest): Promise<AccessCheck> {
    return perform(this.env, ctx, 'iam.policy.check', async (op) => {
      const { user: caller, policies: callerPolicies } = await op.signIn();
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'an access check request is required');
      const userId = idOf('userId', req.userId);
      const snap = await this.env.directory.get();
      op.aim(this.userCrn(snap.account.id, userId), { instanceId: '' });
      if (userId !== caller.id)
        requireAdministrator(caller, callerPolicies, "check other users' access");
      const user = snap.users.get(userId);
      if (!user) throw userNotFound(userId);
      const instanceId = idOf('instanceId', req.instanceId);
      const instance = snap.instances.get(instanceId);
      if (!instance || instance.kind === 'cos')
        throw engineError(
          'INSTANCE_NOT_FOUND_ERR',
          `No key management instance has the id "${instanceId}".`,
        );
      if (req.keyRingID !== undefined && req.keyId !== undefined)
        throw invalidField('scope', 'choose one scope: the instance, one key ring or one key');
      if (req.keyRingID !== undefined) check('keyRingID', keyRingIdProblem(req.keyRingID));
      const target: AccessTarget = await this.env.store.read(async (tx) => {
        if (req.keyId !== undefined) {
          const key = await findKey(tx, instanceId, idOf('keyId', req.keyId));
          return { instanceId, keyRingID: key.keyRingID, keyId: key.id };
        }
        if (req.keyRingID !== undefined) {
          if (!(await tx.getKeyRing(instanceId, req.keyRingID)))
            throw engineError(
              'KEY_RING_NOT_FOUND_ERR',
              `Key ring "${req.keyRingID}" does not exist in this instance.`,
            );
          return { instanceId, keyRingID: req.keyRingID };
        }
        return { instanceId };
      });
      const policies = snap.policiesByUser.get(userId) ?? [];
      return {
        user,
        target,
        roles: [...serviceRolesAt(policies, target)],
        administrator: isAdministrator(policies),
        actions: explainAt(user, policies, target).map((a) => ({
          ...a,
          label: ACTION_LABELS[a.action],
        })),
      };
    });
  }

  /** The scope a role may have: Administrator is account-wide; service roles need an instance. */
  private checkScope(role: Role, raw: Record<string, unknown>): PolicyScope {
    const { instanceId, keyRingID, keyId } = raw;
    if (role === 'Administrator') {
      if (instanceId !== undefined || keyRingID !== undefined || keyId !== undefined)
        throw invalidField('scope', 'Administrator is account-wide: leave the scope empty');
      return {};
    }
    const scope: PolicyScope = { instanceId: idOf('scope.instanceId', instanceId) };
    if (keyRingID !== undefined && keyId !== undefined)
      throw invalidField('scope', 'choose one scope: the instance, one key ring or one key');
    if (keyRingID !== undefined) {
      check('scope.keyRingID', keyRingIdProblem(keyRingID));
      scope.keyRingID = keyRingID as string;
    }
    if (keyId !== undefined) scope.keyId = idOf('scope.keyId', keyId);
    return scope;
  }

  /** Signs in an Administrator (refusing anyone else); returns the account id. */
  private async admin(op: Operation, what: string): Promise<string> {
    const { user, policies } = await op.signIn();
    const { account } = await this.env.directory.get();
    op.aim(this.userCrn(account.id, ''), { instanceId: '' });
    requireAdministrator(user, policies, what);
    return account.id;
  }

  private userCrn(accountId: string, userId: string): string {
    return formatCrn({
      service: 'iam',
      region: 'global',
      accountId,
      instanceGuid: '',
      resourceType: userId ? 'user' : '',
      resource: userId,
    });
  }
}
