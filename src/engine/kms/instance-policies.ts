/**
 * Instance policies (SPEC.md section 7), shaped and checked as Key Protect's: the
 * dual-authorization and rotation defaults that keys created afterwards take, the key create and
 * import access policy checked (while enabled) on every create and import, and the allowedNetwork,
 * allowedIP and metrics policies, stored and shown but not enforced (a browser has no network to
 * restrict). Setting them needs Manager (SPEC section 2). Reading them is allowed to anyone with
 * a role in the instance, so every user's console can show why a control is off (e.g. why plain
 * import is refused); the values hold no secrets.
 */
import type { CallContext, InstancePoliciesUpdate } from '../../domain/api';
import { engineError, invalidField } from '../../domain/errors';
import {
  instancePolicyProblem,
  policyFromData,
  type InstancePolicyData,
} from '../../domain/instance-policies';
import {
  INSTANCE_POLICY_TYPES,
  type InstancePolicies,
  type InstancePolicyType,
} from '../../domain/types';
import { denial, hasAnyRoleIn, requireAllowed } from '../iam/access';
import { perform, type EngineContext, type Operation } from '../operation';
import { instancePoliciesIn } from './import-material';

/** Every policy of the update checked (Key Protect's rules), or the first problem thrown. */
export function checkInstancePoliciesUpdate(update: unknown): InstancePoliciesUpdate {
  if (typeof update !== 'object' || update === null || Array.isArray(update))
    throw invalidField('policies', 'must be an object naming the policies to set');
  const types = Object.keys(update);
  const unknown = types.filter((t) => !INSTANCE_POLICY_TYPES.includes(t as InstancePolicyType));
  if (unknown.length > 0)
    throw invalidField(
      'policies',
      `unknown policy ${unknown.join(', ')}; Key Protect's instance policies are ${INSTANCE_POLICY_TYPES.join(', ')}`,
    );
  if (types.length === 0) throw invalidField('policies', 'name at least one policy to set');
  for (const type of types) {
    const problem = instancePolicyProblem(
      type as InstancePolicyType,
      (update as Record<string, unknown>)[type],
    );
    if (problem) throw invalidField(problem.field, problem.problem);
  }
  return update as InstancePoliciesUpdate;
}

/**
 * The policies with each policy of a checked update replaced whole, stamped with who set it and
 * when (the first setter and date kept).
 */
export function applyInstancePolicies(
  current: InstancePolicies,
  update: InstancePoliciesUpdate,
  by: { userId: string; now: number },
): InstancePolicies {
  const next: InstancePolicies = structuredClone(current);
  const at = new Date(by.now).toISOString();
  for (const type of INSTANCE_POLICY_TYPES) {
    const data = update[type];
    if (!data) continue;
    const before = current[type];
    Object.assign(next, {
      [type]: {
        ...policyFromData(type, data as InstancePolicyData),
        createdBy: before.createdBy ?? by.userId,
        creationDate: before.creationDate ?? at,
        updatedBy: by.userId,
        lastUpdated: at,
      },
    });
  }
  return next;
}

export class InstancePolicyService {
  constructor(private readonly env: EngineContext) {}

  private async enter(op: Operation) {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    return { user, policies, instanceId: instance.id };
  }

  getInstancePolicies(ctx: CallContext): Promise<InstancePolicies> {
    return perform(this.env, ctx, 'kms.instance-policies.read', async (op) => {
      const { user, policies, instanceId } = await this.enter(op);
      if (!hasAnyRoleIn(policies, instanceId)) throw denial(user, 'read', { instanceId });
      return this.env.store.read((tx) => instancePoliciesIn(tx, instanceId));
    });
  }

  putInstancePolicies(ctx: CallContext, update: InstancePoliciesUpdate): Promise<InstancePolicies> {
    return perform(this.env, ctx, 'kms.instance-policies.write', async (op) => {
      const { user, policies, instanceId } = await this.enter(op);
      requireAllowed(user, policies, { instanceId }, 'policy');
      checkInstancePoliciesUpdate(update);
      // Checked once before the transaction (clear errors), applied to the fresh record inside it.
      const next = await op.commit(
        async (tx) => {
          const record = await tx.getInstanceRecord(instanceId);
          if (!record) throw engineError('INSTANCE_NOT_FOUND_ERR', `No instance "${instanceId}".`);
          const merged = applyInstancePolicies(await instancePoliciesIn(tx, instanceId), update, {
            userId: user.id,
            now: op.now,
          });
          await tx.putInstanceRecord({ ...record, policies: merged });
          return merged;
        },
        { topic: 'access', subject: 'instancePolicies', instanceId },
      );
      this.env.directory.invalidate();
      return next;
    });
  }
}
