/**
 * A Hyper Protect instance creates keys only once its custodians have loaded and committed a
 * master key (the engine refuses before). Until then the keys page says so and links to the
 * instance's Hyper Protect page instead of inviting "Create key".
 */
import { InlineNotification } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CallContext } from '../../../domain/api';
import type { Permission } from '../../../domain/types';
import { engineQuery } from '../../../client/engine-query';
import { sessionQuery } from '../../../client/session-query';

const REASON =
  'This Hyper Protect instance has no active master key: its custodians load and commit one in the master key ceremony before keys can be created.';

/** The refusal to show on "Create key" while the instance's master key is missing, if it is. */
export function useMasterKeyMissing(ctx: CallContext): Permission | undefined {
  const session = useQuery(sessionQuery());
  const hpcs = session.data?.instances.find((i) => i.id === ctx.instanceId)?.kind === 'hpcs';
  const state = useQuery({ ...engineQuery('getHpcsState', ctx), enabled: hpcs });
  if (!hpcs || !state.data || state.data.masterKey.status === 'active') return undefined;
  return { allowed: false, reason: REASON };
}

export function NoMasterKey({ instanceId }: { instanceId: string }) {
  // The link sits beside the notification: Carbon's InlineNotification takes no interactive child.
  return (
    <div className="kw-page-intro">
      <InlineNotification
        kind="info"
        lowContrast
        hideCloseButton
        title="No master key yet"
        subtitle={REASON}
      />
      <Link to={`/hpcs/${instanceId}`} className="cds--link">
        Open the Hyper Protect page
      </Link>
    </div>
  );
}
