/**
 * The presenter's scenarios and their guided walkthroughs (SPEC section 16): what each scenario
 * holds, and each walkthrough step's text, link and the event that completes it. Pure data; the
 * engine seeds the scenarios (engine/presenter/scenarios.ts) and ticks steps off from its events
 * (engine/presenter/walkthroughs.ts).
 */
import type { ScenarioId } from './presenter';

export interface StepRule {
  /** The event's action (Key Protect's name), and its outcome. */
  action: string;
  outcome: 'success' | 'failure';
}

export interface StepDefinition {
  id: string;
  title: string;
  what: string;
  why: string;
  /** A console path; `{name}` is filled from the walkthrough's subjects (the scenario's ids). */
  href: string;
  /** Used when a subject the href names is unknown. */
  fallbackHref: string;
  linkText: string;
  /** Any of these events, recorded after the walkthrough started, completes the step. */
  completedBy: StepRule[];
}

export interface ScenarioDefinition {
  id: ScenarioId;
  title: string;
  summary: string;
  /** What the scenario seeds, one line each. */
  holds: string[];
  steps: StepDefinition[];
}

const ok = (action: string): StepRule => ({ action, outcome: 'success' });

export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    id: 'cos-envelope',
    title: 'Envelope encryption for Cloud Object Storage',
    summary:
      'A bucket whose objects are encrypted with data keys wrapped by a Key Protect root key: what happens to the data when the key rotates, is disabled or deleted.',
    holds: [
      'An authorization: Cloud Object Storage may use Key Protect keys (Reader)',
      'A root key "cos-root-key" with the alias "cos-bucket-key"',
      'A bucket "customer-records" protected by that key, with three objects',
    ],
    steps: [
      {
        id: 'upload',
        title: 'Upload an object to the encrypted bucket',
        what: 'Open the bucket and upload any file.',
        why: 'Each object gets a fresh data encryption key (DEK); Key Protect wraps it with the root key, so the root key never leaves the service.',
        href: '/buckets/{bucket}',
        fallbackHref: '/buckets',
        linkText: 'Open the bucket',
        completedBy: [ok('cloud-object-storage.object.create')],
      },
      {
        id: 'rotate',
        title: 'Rotate the root key',
        what: 'On the root key’s page, rotate it.',
        why: 'A new key version wraps from now on; object storage rewraps its DEKs to the new version, and older versions still unwrap.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the root key',
        completedBy: [ok('kms.secrets.rotate')],
      },
      {
        id: 'disable',
        title: 'Disable the root key',
        what: 'On the root key’s page, disable it, then look at the bucket.',
        why: 'Without the root key no DEK unwraps: the bucket refuses reads and writes until the key is enabled again. The customer, not the storage service, holds the off switch.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the root key',
        completedBy: [ok('kms.secrets.disable')],
      },
      {
        id: 'advance',
        title: 'Move the demo clock on',
        what: 'Open the demo clock in the header (as Ada Admin) and advance it by 31 seconds or more.',
        why: 'A key disabled less than 30 seconds ago cannot be enabled yet (REQ_TOO_EARLY_ERR): the waiting periods run on the engine clock.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Back to the root key',
        completedBy: [ok('keyward.clock.advance')],
      },
      {
        id: 'enable',
        title: 'Enable the root key again',
        what: 'On the root key’s page, enable it; the bucket reads its objects again.',
        why: 'Nothing was lost while the key was disabled: the data was unreadable, not gone.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the root key',
        completedBy: [ok('kms.secrets.enable')],
      },
    ],
  },
  {
    id: 'byok',
    title: 'Bring your own key',
    summary:
      'Import key material made outside the service, encrypted under an import token so it never travels in the clear.',
    holds: [
      'An import token for the Key Protect instance (RSA-4096, 10 retrievals)',
      'A root key "imported-root-key" imported under that token',
    ],
    steps: [
      {
        id: 'import',
        title: 'Import a root key',
        what: 'On the keys page, choose Import, and import key material (the console can make and encrypt it under the token).',
        why: 'With bring your own key the material comes from your own key source; the import token makes sure only the service can read it on the way.',
        href: '/keys',
        fallbackHref: '/keys',
        linkText: 'Open the keys',
        completedBy: [ok('kms.secrets.create')],
      },
      {
        id: 'wrap',
        title: 'Wrap a data key with the imported key',
        what: 'On the imported key’s page, wrap a data key.',
        why: 'An imported root key wraps and unwraps exactly like a generated one.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the imported key',
        completedBy: [ok('kms.secrets.wrap')],
      },
    ],
  },
  {
    id: 'dual-authorization',
    title: 'Dual authorization',
    summary:
      'Deleting a key that protects important data needs two different people: one schedules the deletion, a second carries it out.',
    holds: [
      'Instance policy: dual authorization for deletion',
      'A root key "payroll-root-key" scheduled for deletion by Max Manager',
      'A second Manager, Mia Manager, who may approve it',
    ],
    steps: [
      {
        id: 'approve',
        title: 'Delete the key as a second Manager',
        what: 'Switch user to Mia Manager, open the key and delete it.',
        why: 'The same person cannot schedule and carry out the deletion; a second Manager must.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the key',
        completedBy: [ok('kms.secrets.delete')],
      },
      {
        id: 'restore',
        title: 'Restore the key',
        what: 'After advancing the clock a minute, restore the deleted key.',
        why: 'A deleted key can be restored for 30 days: deletion shreds data only until then.',
        href: '/keys/{keyId}',
        fallbackHref: '/keys',
        linkText: 'Open the key',
        completedBy: [ok('kms.secrets.restore')],
      },
    ],
  },
  {
    id: 'hpcs',
    title: 'Keep your own key with Hyper Protect',
    summary:
      'A Hyper Protect Crypto Services instance in the middle of its master key ceremony: administrators are set up, the custodians still have to load the master key.',
    holds: [
      'Two crypto unit administrators and signature thresholds of 1 (imprint mode ended)',
      'No master key loaded yet: every key call on the instance is refused',
    ],
    steps: [
      {
        id: 'load',
        title: 'Load the master key from the custodians’ parts',
        what: 'On the Hyper Protect page, each custodian makes a master key part; load the parts into the new register.',
        why: 'Only the customer holds the master key that enciphers every key of the instance: keep your own key.',
        href: '/hpcs/{hpcsInstanceId}',
        fallbackHref: '/resources',
        linkText: 'Open Hyper Protect',
        completedBy: [ok('hs-crypto.tke-cryptounit-master-key-register.add')],
      },
      {
        id: 'commit',
        title: 'Commit and activate the master key',
        what: 'Commit the new register, then activate it.',
        why: 'Activation makes it current on every crypto unit; key calls work from then on.',
        href: '/hpcs/{hpcsInstanceId}',
        fallbackHref: '/resources',
        linkText: 'Open Hyper Protect',
        completedBy: [ok('hs-crypto.tke-cryptounit-master-key-register.activate')],
      },
    ],
  },
  {
    id: 'auditor-week',
    title: 'An auditor’s week',
    summary:
      'A week of varied activity, including refusals, spread over engine time: what an auditor sees and how they know nothing was rewritten.',
    holds: [
      'Keys created, rotated, disabled and deleted over seven days',
      'Wraps and unwraps, and refused calls by users without the role',
    ],
    steps: [
      {
        id: 'digest',
        title: 'Download a signed digest of the trail',
        what: 'On the events page, verify the chain and download a digest.',
        why: 'A digest signed by the engine lets an auditor prove later that no history was rewritten.',
        href: '/events',
        fallbackHref: '/events',
        linkText: 'Open the events',
        completedBy: [ok('keyward.events.digest')],
      },
    ],
  },
  {
    id: 'ten-thousand-keys',
    title: '10,000 keys',
    summary:
      'A large instance: the keys page answers search, sort and filter from the engine page by page.',
    holds: ['10,000 root and standard keys in the Key Protect instance'],
    steps: [
      {
        id: 'rotate',
        title: 'Find a key and rotate it',
        what: 'Search the keys for "key-04242", open it and rotate it.',
        why: 'Search covers every key, not only the first page.',
        href: '/keys?search=key-04242',
        fallbackHref: '/keys',
        linkText: 'Search the keys',
        completedBy: [ok('kms.secrets.rotate')],
      },
    ],
  },
];

export function scenarioDefinition(id: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** A step's link with the walkthrough's subjects filled in (or its fallback). */
export function stepHref(step: StepDefinition, subjects: Record<string, string>): string {
  let missing = false;
  const href = step.href.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = subjects[name];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? step.fallbackHref : href;
}
