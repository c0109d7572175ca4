/**
 * Key policies of SPEC.md sections 4, 5 and 7 (Manager): dual authorization for deletion (once
 * on, on for good) and the rotation policy (generated root keys only; 1–12 months), whose next
 * date the rotation schedule keeps.
 */
import type { CallContext } from '../../domain/api';
import { invalidField } from '../../domain/errors';
import { rotationPolicyProblem } from '../../domain/rotation';
import type { KeyPolicies, RotationPolicy } from '../../domain/types';
import { perform, type EngineContext } from '../operation';
import type { KeyRecord } from '../store/records';
import { requireNotDeleted, requireRootKey } from './key-guards';
import type { KeyService } from './keys';
import { rotationApplies, withRotationPolicy, type RotationSchedule } from './rotation-schedule';

/** A key's policies as the API shows them; rotation only where a rotation policy can apply. */
export function policiesOf(key: KeyRecord): KeyPolicies {
  const policies: KeyPolicies = { dualAuthDelete: { enabled: key.dualAuthEnabled } };
  if (rotationApplies(key))
    policies.rotation = key.rotation
      ? { enabled: key.rotation.enabled, interval_month: key.rotation.interval_month }
      : { enabled: false, interval_month: 1 };
  return policies;
}

export class KeyPolicyService {
  constructor(
    private readonly env: EngineContext,
    private readonly keys: KeyService,
    private readonly schedule: RotationSchedule,
  ) {}

  getKeyPolicies(ctx: CallContext, idOrAlias: string): Promise<KeyPolicies> {
    return perform(this.env, ctx, 'kms.policies.read', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'policy');
      return policiesOf(key);
    });
  }

  /** Sets the policies given (dual authorization, rotation or both); the others stay. */
  putKeyPolicies(
    ctx: CallContext,
    idOrAlias: string,
    policies: Partial<KeyPolicies>,
  ): Promise<KeyPolicies> {
    return perform(this.env, ctx, 'kms.policies.write', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'policy');
      if (typeof policies !== 'object' || policies === null)
        throw invalidField('policies', 'give dualAuthDelete {enabled} and/or rotation');
      const dualAuth: unknown = policies.dualAuthDelete;
      const rotation: unknown = policies.rotation;
      if (dualAuth === undefined && rotation === undefined)
        throw invalidField(
          'dualAuthDelete.enabled',
          'must be true or false (or give a rotation policy)',
        );
      let enabled: boolean | undefined;
      if (dualAuth !== undefined) {
        const value = (dualAuth as { enabled?: unknown } | null)?.enabled;
        if (typeof value !== 'boolean')
          throw invalidField('dualAuthDelete.enabled', 'must be true or false');
        enabled = value;
      }
      let rotationPolicy: RotationPolicy | undefined;
      if (rotation !== undefined) {
        requireRootKey(key, 'A rotation policy');
        if (!rotationApplies(key))
          throw invalidField(
            'rotation',
            `rotation policies apply to generated root keys only; "${key.name}" is imported and is rotated by supplying new material`,
          );
        const problem = rotationPolicyProblem(rotation);
        if (problem) throw invalidField(problem.field, problem.problem);
        rotationPolicy = rotation as RotationPolicy;
      }
      const next = await this.keys.change(op, key, (fresh) => {
        requireNotDeleted(fresh, op.now, 'changing policies');
        let updated: KeyRecord = { ...fresh, lastUpdateDate: op.now };
        if (enabled !== undefined) {
          if (fresh.dualAuthEnabled && !enabled)
            throw invalidField(
              'dualAuthDelete.enabled',
              'dual authorization cannot be switched off once it is on',
            );
          updated.dualAuthEnabled = enabled;
        }
        if (rotationPolicy) updated = withRotationPolicy(updated, rotationPolicy);
        return updated;
      });
      this.schedule.noteDue(next.rotationDueAt);
      return policiesOf(next);
    });
  }
}
