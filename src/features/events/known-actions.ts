/**
 * The actions the action filter suggests: whole families first (a filter is a prefix, so
 * `kms.secrets.` matches every key operation), then each action the engine records. Any other
 * text is accepted as a prefix too.
 */
import { LEGACY_ACTION_NAMES } from '../../domain/event-names';

export const ACTION_FAMILIES = ['kms.', 'kms.secrets.', 'kms.policies.', 'keyward.'] as const;

export const KNOWN_ACTIONS = [
  'kms.secrets.create',
  'kms.secrets.list',
  'kms.secrets.head',
  'kms.secrets-event.ack',
  'kms.instance-policies.read',
  'kms.instance-policies.write',
  'kms.registrations.notify',
  'kms.secrets.read',
  'kms.secrets-metadata.read',
  'kms.secrets-key-versions.list',
  'kms.secrets-alias.create',
  'kms.secrets-alias.delete',
  'kms.secrets.wrap',
  'kms.secrets.unwrap',
  'kms.secrets.rewrap',
  'kms.secrets.rotate',
  'kms.secrets.disable',
  'kms.secrets.enable',
  'kms.secrets.setkeyfordeletion',
  'kms.secrets.unsetkeyfordeletion',
  'kms.secrets.delete',
  'kms.secrets.restore',
  'kms.secrets.purge',
  'kms.secrets.expire',
  'kms.secrets.sync',
  'kms.policies.read',
  'kms.policies.write',
  'kms.key-rings.list',
  'kms.registrations.list',
  'kms.import-token.create',
  'kms.import-token.read',
  'kms.key-rings.create',
  'kms.key-rings.delete',
  'kms.secrets.patch',
  'keyward.clock.advance',
  'keyward.events.list',
  'keyward.events.verify',
] as const;

/** Access management and service authorizations (`iam.*`). */
export const IAM_ACTIONS = [
  'iam.',
  'iam.authorization.create',
  'iam.authorization.list',
  'iam.authorization.delete',
  'iam.instance.create',
  'iam.instance.update',
  'iam.instance.delete',
  'iam.instance.list',
  'iam.user.create',
  'iam.user.delete',
  'iam.policy.create',
  'iam.policy.delete',
  'iam.policy.check',
] as const;

/**
 * Names Keyward recorded before it used Key Protect's and Cloud Object Storage's (SPEC section 12).
 * Events keep the name they were stored with; the engine's action filter matches either name,
 * so these are offered too, for people who know the old ones.
 */
export const LEGACY_ACTIONS = Object.keys(LEGACY_ACTION_NAMES);

export const ACTION_SUGGESTIONS: string[] = [
  ...ACTION_FAMILIES,
  ...KNOWN_ACTIONS,
  ...IAM_ACTIONS,
  ...LEGACY_ACTIONS.filter((a) => a.startsWith('kms.')),
];

/** How a suggestion reads in the list: a family shows as `kms.secrets.* (all)`. */
export function describeAction(action: string): string {
  switch (action) {
    case 'kms.':
    case 'kms.secrets.':
    case 'kms.policies.':
    case 'keyward.':
    case 'iam.':
      return `${action}* (all)`;
    default:
      return action;
  }
}
