/**
 * Where the ceremony stands, from the crypto units' state: which step of the wizard is current,
 * what each step needs, and who must act. Pure, so the wording is tested apart from the page.
 */
import type { HpcsState } from '../../../domain/hpcs';
import { plural } from '../../../components/format';

export const CEREMONY_STEPS = [
  'Administrators',
  'Thresholds',
  'Master key parts',
  'Load parts',
  'Commit',
  'Activate',
] as const;

export type CeremonyStep = (typeof CEREMONY_STEPS)[number];

/** The index of the step to work on now; CEREMONY_STEPS.length when the master key is active. */
export function currentStep(state: HpcsState): number {
  const newState = state.units[0]?.newRegister.state ?? 'empty';
  if (state.imprintMode) return state.admins.length === 0 ? 0 : 1;
  if (newState === 'uncommitted') return 4;
  if (newState === 'committed') return 5;
  if (state.masterKey.status === 'active') return CEREMONY_STEPS.length;
  return 2;
}

/** What the final step does: activate a first (or the same) master key, or rotate to a new one. */
export function finalAction(state: HpcsState): 'activate' | 'rotate' {
  return state.masterKey.status === 'active' ? 'rotate' : 'activate';
}

export function signaturesNeeded(state: HpcsState): number {
  return state.imprintMode ? 1 : (state.signatureThreshold ?? 1);
}

/** Who must act and what is missing in a step, in a sentence. */
export function whoActs(state: HpcsState, step: number): string {
  const custodians = state.custodians.map((c) => c.name).join(', ');
  const needed = signaturesNeeded(state);
  switch (CEREMONY_STEPS[step]) {
    case 'Administrators':
      return state.imprintMode
        ? `A custodian creates a signature key for each crypto unit administrator (up to 8); each administrator keeps their file and its password. ${plural(state.admins.length, 'administrator')} so far. In imprint mode no signature is needed.`
        : `Adding an administrator now needs ${plural(needed, 'signature')} of current administrators.`;
    case 'Thresholds':
      return `Set how many administrators must sign each command (signature threshold) and removals (revocation threshold): 1 to ${state.admins.length}. One administrator signs; this ends imprint mode.`;
    case 'Master key parts':
      return `Each custodian (${custodians}) makes their own part while signed in as themselves: switch persona in the header. Two or three parts, from different custodians.`;
    case 'Load parts':
      return `Upload the custodians’ part files; each custodian types their password. ${plural(needed, 'administrator')} must sign the load.`;
    case 'Commit':
      return `Compare the new register’s verification pattern with what the custodians expect, then ${plural(needed, 'administrator')} sign the commit.`;
    case 'Activate':
      return `${plural(needed, 'administrator')} sign to make the committed master key current on every crypto unit.`;
    default:
      return '';
  }
}
