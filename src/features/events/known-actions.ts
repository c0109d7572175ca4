/**
 * The actions the action filter suggests: whole families first (a filter is a prefix, so
 * `kms.secrets.` matches every key operation), then each action the engine records. Any other
 * text is accepted as a prefix too.
 */
import { LEGACY_ACTION_NAMES } from '../../domain/event-names';

export const ACTION_FAMILIES = ['kms.', 'kms.secrets.', 'kms.policies.', 'keyward.'] as const;

/** Families of the other services' events (object storage's; Hyper Protect's, SPEC section 11). */
const OTHER_FAMILIES = ['cloud-object-storage.', 'hs-crypto.'] as const;

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
  'kms.import-token.expire',
  'kms.key-rings.create',
  'kms.key-rings.delete',
  'kms.secrets.patch',
  'keyward.clock.advance',
  'keyward.seal.read',
  'keyward.seal.seal',
  'keyward.seal.unseal',
  'keyward.seal.remove',
  'keyward.events.list',
  'keyward.events.verify',
  'keyward.events.digest',
  'keyward.session.read',
  'keyward.permissions.read',
  'keyward.dashboard.read',
  'keyward.key-usage.read',
  'keyward.notifications.list',
  'keyward.scenario.load',
  'keyward.checkpoint.create',
  'keyward.checkpoints.list',
  'keyward.checkpoint.restore',
  'keyward.checkpoint.delete',
  'keyward.account.reset',
  'keyward.backup.export',
  'keyward.backup.restore',
  'keyward.walkthrough.read',
  'keyward.walkthrough.start',
  'keyward.walkthrough.end',
] as const;

/**
 * Object storage's own events, and its side of a key's notifications (they show in the key's
 * history and in the events of the instance whose key it uses).
 */
export const STORAGE_ACTIONS = [
  'cloud-object-storage.instance.list',
  'cloud-object-storage.bucket.create',
  'cloud-object-storage.bucket.delete',
  'cloud-object-storage.bucket.list',
  'cloud-object-storage.bucket.list-keys',
  'cloud-object-storage.bucket-metadata.read',
  'cloud-object-storage.bucket-key-state.update',
  'cloud-object-storage.keys.list',
  'cloud-object-storage.permissions.read',
  'cloud-object-storage.object.create',
  'cloud-object-storage.object.read',
  'cloud-object-storage.object.delete',
  'cloud-object-storage.object-metadata.read',
  'cloud-object-storage.object-multipart.initiate',
  'cloud-object-storage.object-multipart.start',
  'cloud-object-storage.object-multipart.upload',
  'cloud-object-storage.object-multipart.part',
  'cloud-object-storage.object-multipart.complete',
  'cloud-object-storage.object-multipart.abort',
] as const;

/**
 * A Hyper Protect instance's ceremony (its key operations are Key Protect's under the
 * `hs-crypto.` prefix: `hs-crypto.secrets.wrap` for `kms.secrets.wrap`).
 */
export const HPCS_ACTIONS = [
  'hs-crypto.secrets.',
  'hs-crypto.tke-cryptounit.read',
  'hs-crypto.tke-cryptounit.reset',
  'hs-crypto.tke-cryptounit-admin.add',
  'hs-crypto.tke-cryptounit-admin.delete',
  'hs-crypto.tke-cryptounit-threshold.set',
  'hs-crypto.tke-cryptounit-master-key-register.add',
  'hs-crypto.tke-cryptounit-master-key-register.commit',
  'hs-crypto.tke-cryptounit-master-key-register.activate',
  'hs-crypto.tke-cryptounit-master-key.rotate',
  'hs-crypto.tke-cryptounit-master-key.recover',
  'hs-crypto.tke-master-key-part.create',
  'hs-crypto.tke-signature-key.create',
  'hs-crypto.tke-signature.create',
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
  'iam.access.check',
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
  ...OTHER_FAMILIES,
  ...STORAGE_ACTIONS,
  ...HPCS_ACTIONS,
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
    case 'cloud-object-storage.':
    case 'hs-crypto.':
    case 'hs-crypto.secrets.':
      return `${action}* (all)`;
    default:
      return action;
  }
}
