/**
 * The actions the action filter suggests: whole families first (a filter is a prefix, so
 * `kms.secrets.` matches every key operation), then each action the engine records. Any other
 * text is accepted as a prefix too.
 */
export const ACTION_FAMILIES = ['kms.', 'kms.secrets.', 'kms.policies.', 'keyward.'] as const;

export const KNOWN_ACTIONS = [
  'kms.secrets.create',
  'kms.secrets.list',
  'kms.secrets.read',
  'kms.secrets.readmetadata',
  'kms.secrets.listkeyversions',
  'kms.secrets.createalias',
  'kms.secrets.deletealias',
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
  'kms.policies.read',
  'kms.policies.write',
  'kms.keyrings.list',
  'kms.registrations.list',
  'kms.import-token.create',
  'kms.import-token.read',
  'kms.keyrings.create',
  'kms.keyrings.delete',
  'kms.secrets.setkeyring',
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

export const ACTION_SUGGESTIONS: string[] = [...ACTION_FAMILIES, ...KNOWN_ACTIONS, ...IAM_ACTIONS];

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
