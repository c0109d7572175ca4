/**
 * Keys of a Hyper Protect instance whose master key is not loaded (SPEC section 11): a banner
 * that says what this means for the keys and links to the instance's Hyper Protect page, and the
 * reason "Create key" is disabled. Read from the engine's own HPCS state; a kms instance, or a
 * user who may not see the crypto units, gets neither.
 */
import { ActionableNotification } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { describeMasterKey, type HpcsState } from '../../../domain/hpcs';
import type { Permission } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { engineQuery } from '../../../client/engine-query';
import { sessionQuery } from '../../../client/session-query';
import { formatUtc } from '../../../components/format';

/** Why no key can be created in this state, or undefined when one can. */
export function createBlockedReason(state: HpcsState): string | undefined {
  if (state.masterKey.status === 'zeroized')
    return 'The crypto units of this instance are zeroized: no key can be created until its custodians load the master key again (Hyper Protect page).';
  if (state.masterKey.status !== 'active')
    return 'This instance has no master key loaded yet: its custodians load one on the Hyper Protect page before any key can be created.';
  if (state.rotationPending)
    return 'A new master key is waiting to be rotated in: creating keys waits until the rotation on the Hyper Protect page is done.';
  return undefined;
}

/** The instance's master key state, when it is an hpcs instance the user may look at. */
export function useMasterKeyState(): HpcsState | undefined {
  const ctx = useCallContext();
  const session = useQuery(sessionQuery());
  const hpcs = session.data?.instances.some((i) => i.id === ctx.instanceId && i.kind === 'hpcs');
  const state = useQuery({ ...engineQuery('getHpcsState', ctx), enabled: hpcs === true });
  return hpcs ? state.data : undefined;
}

/** `permission`, unless the master key forbids creating keys: then refused with that reason. */
export function withMasterKey(
  permission: Permission | undefined,
  state: HpcsState | undefined,
): Permission | undefined {
  const reason = state && createBlockedReason(state);
  if (!reason || !permission?.allowed) return permission;
  return { allowed: false, reason };
}

/** In place of the key list the engine refuses while no master key is loaded. */
export function KeysUnavailable({ createButton }: { createButton: ReactNode }) {
  return (
    <section className="kw-empty" aria-labelledby="keys-unavailable">
      <h2 id="keys-unavailable">Keys unavailable</h2>
      <p>The keys of this instance can be listed and used once its master key is loaded.</p>
      {createButton}
    </section>
  );
}

export function MasterKeyBanner({ state }: { state: HpcsState | undefined }) {
  const navigate = useNavigate();
  if (!state || !createBlockedReason(state)) return null;
  const zeroized = state.masterKey.status === 'zeroized';
  const title = zeroized
    ? 'Cryptographically shredded: the keys of this instance cannot be used'
    : state.masterKey.status === 'active'
      ? 'Master key rotation pending: creating and rotating keys waits'
      : 'No master key loaded: keys cannot be created yet';
  const detail = zeroized
    ? `${describeMasterKey(state, formatUtc)} Every call on them (listing, wrap, unwrap) and every bucket they protect is refused until the custodians load the same master key again.`
    : describeMasterKey(state, formatUtc);
  return (
    <ActionableNotification
      inline
      className="kw-key-banner"
      kind={zeroized ? 'error' : 'warning'}
      title={title}
      subtitle={detail}
      actionButtonLabel="Open the Hyper Protect page"
      onActionButtonClick={() => void navigate(`/hpcs/${state.instanceId}`)}
      hideCloseButton
      lowContrast
      data-testid="master-key-banner"
    />
  );
}
