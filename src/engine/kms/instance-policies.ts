/**
 * Instance policies (SPEC.md section 7): the dual-authorization and rotation defaults that keys
 * created afterwards take, and the key create and import access policy checked on every create
 * and import. Setting them needs Manager (SPEC section 2). Reading them is allowed to anyone with
 * a role in the instance, so every user's console can show why a control is off (e.g. why plain
 * import is refused); the values hold no secrets.
 */
import type { CallContext, InstancePoliciesUpdate } from '../../domain/api';
import { EngineError, invalidField } from '../../domain/errors';
import { rotationIntervalProblem } from '../../domain/rotation';
import {
  DEFAULT_INSTANCE_POLICIES,
  type InstancePolicies,
  type KeyCreateImportAccess,
} from '../../domain/types';
import { denial, hasAnyRoleIn, requireAllowed } from '../iam/access';
import { perform, type EngineContext, type Operation } from '../operation';
import { instancePoliciesIn } from './import-material';

const ACCESS_FLAGS: readonly (keyof KeyCreateImportAccess)[] = [
  'create_root_key',
  'create_standard_key',
  'import_root_key',
  'import_standard_key',
  'enforce_token',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function booleanField(field: string, value: unknown, current: boolean): boolean {
  if (value === undefined) return current;
  if (typeof value !== 'boolean') throw invalidField(field, 'must be true or false');
  return value;
}

function onlyKnown(field: string, value: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw invalidField(field, `unknown setting ${unknown.join(', ')}; known: ${known.join(', ')}`);
}

/** The update applied to the current policies, every field checked. */
export function mergeInstancePolicies(
  current: InstancePolicies,
  update: unknown,
): InstancePolicies {
  if (!isObject(update)) throw invalidField('policies', 'must be an object');
  onlyKnown('policies', update, ['dualAuthDelete', 'rotation', 'keyCreateImportAccess']);
  const next: InstancePolicies = structuredClone(current);
  const { dualAuthDelete, rotation, keyCreateImportAccess } = update;
  if (dualAuthDelete !== undefined) {
    if (!isObject(dualAuthDelete)) throw invalidField('dualAuthDelete', 'must be an object');
    onlyKnown('dualAuthDelete', dualAuthDelete, ['enabled']);
    next.dualAuthDelete.enabled = booleanField(
      'dualAuthDelete.enabled',
      dualAuthDelete.enabled,
      current.dualAuthDelete.enabled,
    );
  }
  if (rotation !== undefined) {
    if (!isObject(rotation)) throw invalidField('rotation', 'must be an object');
    onlyKnown('rotation', rotation, ['enabled', 'interval_month']);
    next.rotation.enabled = booleanField(
      'rotation.enabled',
      rotation.enabled,
      current.rotation.enabled,
    );
    const interval = rotation.interval_month;
    if (interval !== undefined) {
      const problem = rotationIntervalProblem(interval);
      if (problem) throw invalidField('rotation.interval_month', problem);
      next.rotation.interval_month = interval as number;
    }
  }
  if (keyCreateImportAccess !== undefined) {
    if (!isObject(keyCreateImportAccess))
      throw invalidField('keyCreateImportAccess', 'must be an object');
    onlyKnown('keyCreateImportAccess', keyCreateImportAccess, ACCESS_FLAGS);
    for (const flag of ACCESS_FLAGS)
      next.keyCreateImportAccess[flag] = booleanField(
        `keyCreateImportAccess.${flag}`,
        keyCreateImportAccess[flag],
        current.keyCreateImportAccess[flag],
      );
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
    return perform(this.env, ctx, 'kms.policies.read', async (op) => {
      const { user, policies, instanceId } = await this.enter(op);
      if (!hasAnyRoleIn(policies, instanceId)) throw denial(user, 'read', { instanceId });
      return this.env.store.read((tx) => instancePoliciesIn(tx, instanceId));
    });
  }

  putInstancePolicies(ctx: CallContext, update: InstancePoliciesUpdate): Promise<InstancePolicies> {
    return perform(this.env, ctx, 'kms.policies.write', async (op) => {
      const { user, policies, instanceId } = await this.enter(op);
      requireAllowed(user, policies, { instanceId }, 'policy');
      mergeInstancePolicies(DEFAULT_INSTANCE_POLICIES, update);
      // Checked once before the transaction (clear errors), applied to the fresh record inside it.
      const next = await op.commit(
        async (tx) => {
          const record = await tx.getInstanceRecord(instanceId);
          if (!record)
            throw new EngineError(404, 'INSTANCE_NOT_FOUND_ERR', `No instance "${instanceId}".`);
          const merged = mergeInstancePolicies(await instancePoliciesIn(tx, instanceId), update);
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
