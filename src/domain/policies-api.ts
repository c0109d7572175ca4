/**
 * The policies part of the engine's API (SPEC section 7): a key's rotation and
 * dual-authorization policies, and the instance's policies. Composed into `KeywardApi` in api.ts.
 */
import type { CallContext } from './api-common';
import type { InstancePolicyData } from './instance-policies';
import type { InstancePolicies, InstancePolicyType, KeyPolicies } from './types';

/**
 * A PUT of instance policies, Key Protect's way: each policy named is replaced whole (`enabled`
 * and its attributes; see domain/instance-policies.ts), the others stay as they are.
 */
export type InstancePoliciesUpdate = Partial<Record<InstancePolicyType, InstancePolicyData>>;

export interface PoliciesApi {
  getKeyPolicies(ctx: CallContext, idOrAlias: string): Promise<KeyPolicies>;
  putKeyPolicies(
    ctx: CallContext,
    idOrAlias: string,
    policies: Partial<KeyPolicies>,
  ): Promise<KeyPolicies>;
  /** The instance's policies (defaults where never set). */
  getInstancePolicies(ctx: CallContext): Promise<InstancePolicies>;
  /** Replaces the policies named (each whole, as Key Protect does); the rest stay. Manager. */
  putInstancePolicies(
    ctx: CallContext,
    policies: InstancePoliciesUpdate,
  ): Promise<InstancePolicies>;
}

export const POLICIES_API_METHODS = [
  'getKeyPolicies',
  'putKeyPolicies',
  'getInstancePolicies',
  'putInstancePolicies',
] as const satisfies readonly (keyof PoliciesApi)[];
