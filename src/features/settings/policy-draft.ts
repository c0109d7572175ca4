/**
 * The settings form's draft of the instance policies, and the PUT it becomes: only the policies
 * that changed, each whole and shaped as Key Protect takes it (no attributes for a disabled
 * policy, but allowedNetwork's, which Key Protect always wants). Problems are the domain's rules
 * (the engine's too), worded as what to enter.
 */
import type { InstancePoliciesUpdate } from '../../domain/api';
import {
  ALLOWED_IP_MAX,
  cidrProblem,
  type InstancePolicyData,
} from '../../domain/instance-policies';
import {
  ROTATION_INTERVAL_MAX,
  ROTATION_INTERVAL_MIN,
  rotationIntervalProblem,
} from '../../domain/rotation';
import {
  INSTANCE_POLICY_TYPES,
  type InstancePolicies,
  type InstancePolicyType,
} from '../../domain/types';

/** The policies as edited; the allowed IP list as typed (one subnet a line). */
export interface PolicyDraft {
  policies: InstancePolicies;
  allowedIpText: string;
}

export function draftOf(policies: InstancePolicies): PolicyDraft {
  return { policies, allowedIpText: policies.allowedIP.attributes.allowed_ip.join('\n') };
}

export function allowedIpList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** One policy as a PUT gives it. */
function dataOf(type: InstancePolicyType, draft: PolicyDraft): InstancePolicyData {
  const p = draft.policies;
  switch (type) {
    case 'dualAuthDelete':
    case 'metrics':
      return { enabled: p[type].enabled };
    case 'allowedNetwork':
      return { enabled: p.allowedNetwork.enabled, attributes: p.allowedNetwork.attributes };
    case 'allowedIP':
      return p.allowedIP.enabled
        ? { enabled: true, attributes: { allowed_ip: allowedIpList(draft.allowedIpText) } }
        : { enabled: false };
    case 'rotation':
    case 'keyCreateImportAccess':
      return p[type].enabled
        ? { enabled: true, attributes: p[type].attributes }
        : { enabled: false };
  }
}

/** The policies that differ from what is saved, each whole. */
export function updateOf(draft: PolicyDraft, saved: InstancePolicies): InstancePoliciesUpdate {
  const before = draftOf(saved);
  const update: InstancePoliciesUpdate = {};
  for (const type of INSTANCE_POLICY_TYPES) {
    const data = dataOf(type, draft);
    if (JSON.stringify(data) !== JSON.stringify(dataOf(type, before))) update[type] = data;
  }
  return update;
}

export interface DraftProblems {
  interval?: string;
  allowedIp?: string;
}

export function draftProblems(draft: PolicyDraft): DraftProblems {
  const p = draft.policies;
  const problems: DraftProblems = {};
  if (p.rotation.enabled && rotationIntervalProblem(p.rotation.attributes.interval_month))
    problems.interval = `Enter a whole number of months from ${ROTATION_INTERVAL_MIN} to ${ROTATION_INTERVAL_MAX}.`;
  if (p.allowedIP.enabled) {
    const lines = draft.allowedIpText.split('\n');
    const list = allowedIpList(draft.allowedIpText);
    if (list.length === 0)
      problems.allowedIp =
        'Enter at least one subnet in CIDR notation, e.g. 203.0.113.0/24, or turn the policy off.';
    else if (list.length > ALLOWED_IP_MAX)
      problems.allowedIp = `At most ${ALLOWED_IP_MAX} subnets (this is ${list.length}).`;
    else
      for (const [i, line] of lines.entries()) {
        if (line.trim() === '') continue;
        const problem = cidrProblem(line.trim());
        if (problem) {
          problems.allowedIp = `Line ${i + 1}: ${problem}.`;
          break;
        }
      }
  }
  return problems;
}
