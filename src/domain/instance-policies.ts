/**
 * Instance policy rules (SPEC.md section 7, Key Protect's "Managing instance policies"): each
 * policy is `{ enabled, attributes? }`; a PUT replaces each policy it names whole (an omitted
 * keyCreateImportAccess attribute takes its default), and a disabled policy keeps no attributes.
 * Pure, so the engine and the console check alike (the console words the same problems).
 *
 * Also the one reading of stored policies: records written before Keyward shaped them as Key
 * Protect does (`rotation.interval_month`, keyCreateImportAccess flags without `enabled`) are
 * converted on read, never rewritten.
 */
import { rotationIntervalProblem } from './rotation';
import {
  ALLOWED_NETWORKS,
  DEFAULT_INSTANCE_POLICIES,
  DEFAULT_KEY_CREATE_IMPORT_ACCESS,
  type AllowedNetwork,
  type InstancePolicies,
  type InstancePolicyType,
  type KeyCreateImportAccess,
} from './types';

/** Key Protect's limit on an allowedIP policy's subnets. */
export const ALLOWED_IP_MAX = 1000;

export const KEY_CREATE_IMPORT_FLAGS: readonly (keyof KeyCreateImportAccess)[] = [
  'create_root_key',
  'create_standard_key',
  'import_root_key',
  'import_standard_key',
  'enforce_token',
];

/** One policy as a PUT gives it (Key Protect's `policy_data`). */
export interface InstancePolicyData {
  enabled: boolean;
  attributes?: object;
}

/** Where a policy update is wrong, and how. */
export interface PolicyProblem {
  field: string;
  problem: string;
}

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function ipv4Problem(address: string): string | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => IPV4_PART.test(p)))
    return 'an IPv4 address is four numbers 0–255 separated by dots (e.g. 203.0.113.0)';
  return undefined;
}

function ipv6Problem(address: string): string | undefined {
  const bad =
    'an IPv6 address is up to eight groups of 1–4 hex digits separated by colons, with :: for zeros (e.g. 2001:db8::)';
  const halves = address.split('::');
  if (halves.length > 2) return bad;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  // A dotted IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = all.at(-1);
  let count = all.length;
  if (last?.includes('.')) {
    // Only as the address's last group (not before a ::).
    if (ipv4Problem(last) || !address.endsWith(last)) return bad;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return bad;
  if (halves.length === 2 ? count > 7 : count !== 8) return bad;
  return undefined;
}

/** The problem with one allowed_ip entry (a CIDR subnet, IPv4 or IPv6), or undefined. */
export function cidrProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'give a subnet in CIDR notation';
  if (value !== value.trim()) return `"${value}" has spaces around it`;
  const slash = value.indexOf('/');
  if (slash < 0)
    return `"${value}" has no prefix length: add one, e.g. ${value}/${value.includes(':') ? 128 : 32} for this one address`;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  const v6 = address.includes(':');
  const max = v6 ? 128 : 32;
  const problem = v6 ? ipv6Problem(address) : ipv4Problem(address);
  if (problem) return `"${value}" is not a subnet: ${problem}`;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > max)
    return `"${value}": the prefix length after / must be 0–${max} for ${v6 ? 'IPv6' : 'IPv4'}`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(
  field: string,
  value: Record<string, unknown>,
  known: readonly string[],
): PolicyProblem | undefined {
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  return unknown.length > 0
    ? {
        field,
        problem: `unknown ${unknown.length > 1 ? 'settings' : 'setting'} ${unknown.join(', ')}; ${known.length > 0 ? `known: ${known.join(', ')}` : 'this policy has no attributes'}`,
      }
    : undefined;
}

/** Attributes that must not come with `enabled: false` (Key Protect resets them). */
function noAttributesWhenDisabled(type: string, data: Record<string, unknown>) {
  return data.attributes !== undefined && data.enabled === false
    ? {
        field: `${type}.attributes`,
        problem: 'give no attributes when disabling the policy (a disabled policy keeps none)',
      }
    : undefined;
}

/**
 * The problem with one policy as given to a PUT (Key Protect's rules for its type), or undefined.
 * Fields are named as `<policy_type>.<field>`.
 */
export function instancePolicyProblem(
  type: InstancePolicyType,
  data: unknown,
): PolicyProblem | undefined {
  if (!isObject(data))
    return { field: type, problem: 'must be an object: { enabled, attributes? }' };
  const shape = unknownKeys(type, data, ['enabled', 'attributes']);
  if (shape) return shape;
  if (typeof data.enabled !== 'boolean')
    return { field: `${type}.enabled`, problem: 'is required: true or false' };
  const attributes = data.attributes;
  if (attributes !== undefined && !isObject(attributes))
    return { field: `${type}.attributes`, problem: 'must be an object' };
  const attrs = attributes ?? {};
  switch (type) {
    case 'dualAuthDelete':
    case 'metrics':
      return unknownKeys(`${type}.attributes`, attrs, []);
    case 'rotation': {
      const extra = unknownKeys('rotation.attributes', attrs, ['interval_month']);
      if (extra) return extra;
      const off = noAttributesWhenDisabled(type, data);
      if (off) return off;
      if (data.enabled) {
        if (attrs.interval_month === undefined)
          return {
            field: 'rotation.attributes.interval_month',
            problem: 'is required to enable the rotation policy',
          };
        const problem = rotationIntervalProblem(attrs.interval_month);
        if (problem) return { field: 'rotation.attributes.interval_month', problem };
      }
      return undefined;
    }
    case 'keyCreateImportAccess': {
      const extra = unknownKeys('keyCreateImportAccess.attributes', attrs, KEY_CREATE_IMPORT_FLAGS);
      if (extra) return extra;
      const off = noAttributesWhenDisabled(type, data);
      if (off) return off;
      for (const flag of KEY_CREATE_IMPORT_FLAGS)
        if (attrs[flag] !== undefined && typeof attrs[flag] !== 'boolean')
          return {
            field: `keyCreateImportAccess.attributes.${flag}`,
            problem: 'must be true or false',
          };
      return undefined;
    }
    case 'allowedNetwork': {
      const extra = unknownKeys('allowedNetwork.attributes', attrs, ['allowed_network']);
      if (extra) return extra;
      // Key Protect requires the attribute even when disabling (its Go client: "legacy reasons").
      if (!ALLOWED_NETWORKS.includes(attrs.allowed_network as AllowedNetwork))
        return {
          field: 'allowedNetwork.attributes.allowed_network',
          problem: `is required: ${ALLOWED_NETWORKS.join(' or ')}`,
        };
      return undefined;
    }
    case 'allowedIP': {
      const extra = unknownKeys('allowedIP.attributes', attrs, ['allowed_ip']);
      if (extra) return extra;
      const off = noAttributesWhenDisabled(type, data);
      if (off) return off;
      if (!data.enabled) return undefined;
      const list = attrs.allowed_ip;
      if (!Array.isArray(list) || list.length === 0)
        return {
          field: 'allowedIP.attributes.allowed_ip',
          problem: 'is required to enable the policy: at least one subnet in CIDR notation',
        };
      if (list.length > ALLOWED_IP_MAX)
        return {
          field: 'allowedIP.attributes.allowed_ip',
          problem: `at most ${ALLOWED_IP_MAX} subnets (this is ${list.length})`,
        };
      for (const [i, entry] of list.entries()) {
        const problem = cidrProblem(entry);
        if (problem) return { field: `allowedIP.attributes.allowed_ip[${i}]`, problem };
      }
      return undefined;
    }
  }
}

/**
 * The policy as stored after a valid PUT of `data` (stamps aside): attributes Key Protect's way —
 * given ones kept, omitted keyCreateImportAccess ones at their defaults, none kept while disabled.
 */
export function policyFromData(
  type: InstancePolicyType,
  data: InstancePolicyData,
): InstancePolicies[InstancePolicyType] {
  const attrs = (data.attributes ?? {}) as Record<string, unknown>;
  const enabled = data.enabled;
  switch (type) {
    case 'dualAuthDelete':
    case 'metrics':
      return { enabled };
    case 'rotation':
      return {
        enabled,
        attributes: enabled
          ? { interval_month: attrs.interval_month as number }
          : DEFAULT_INSTANCE_POLICIES.rotation.attributes,
      };
    case 'keyCreateImportAccess': {
      const attributes = { ...DEFAULT_KEY_CREATE_IMPORT_ACCESS };
      if (enabled)
        for (const flag of KEY_CREATE_IMPORT_FLAGS)
          if (typeof attrs[flag] === 'boolean') attributes[flag] = attrs[flag];
      return { enabled, attributes };
    }
    case 'allowedNetwork':
      return {
        enabled,
        attributes: enabled
          ? { allowed_network: attrs.allowed_network as AllowedNetwork }
          : DEFAULT_INSTANCE_POLICIES.allowedNetwork.attributes,
      };
    case 'allowedIP':
      return {
        enabled,
        attributes: { allowed_ip: enabled ? [...(attrs.allowed_ip as string[])] : [] },
      };
  }
}

/** Stored policies in the shape before issue 13 (kept readable; history is never rewritten). */
export interface LegacyInstancePolicies {
  dualAuthDelete: { enabled: boolean };
  rotation: { enabled: boolean; interval_month: number };
  keyCreateImportAccess: KeyCreateImportAccess;
}

export type StoredInstancePolicies = InstancePolicies | LegacyInstancePolicies;

/** The instance's policies from what is stored (absent: the defaults; the old shape converted). */
export function readInstancePolicies(stored: StoredInstancePolicies | undefined): InstancePolicies {
  if (!stored) return DEFAULT_INSTANCE_POLICIES;
  if ('metrics' in stored && 'attributes' in stored.rotation) return stored;
  const legacy = stored as LegacyInstancePolicies;
  const access = legacy.keyCreateImportAccess;
  // Before, the flags always applied; defaults everywhere restricted nothing (a disabled policy).
  const restricts = KEY_CREATE_IMPORT_FLAGS.some(
    (flag) => access[flag] !== DEFAULT_KEY_CREATE_IMPORT_ACCESS[flag],
  );
  return {
    ...DEFAULT_INSTANCE_POLICIES,
    dualAuthDelete: { enabled: legacy.dualAuthDelete.enabled },
    rotation: {
      enabled: legacy.rotation.enabled,
      attributes: { interval_month: legacy.rotation.interval_month },
    },
    keyCreateImportAccess: restricts
      ? { enabled: true, attributes: { ...access } }
      : DEFAULT_INSTANCE_POLICIES.keyCreateImportAccess,
  };
}

/** What the key create and import access policy allows now (everything while it is disabled). */
export function createImportAccessOf(policies: InstancePolicies): KeyCreateImportAccess {
  const policy = policies.keyCreateImportAccess;
  return policy.enabled ? policy.attributes : DEFAULT_KEY_CREATE_IMPORT_ACCESS;
}
