/**
 * The key's last use on its overview (issue 11): "Last used 3 minutes ago by Wren Writer: unwrap",
 * linking to that event; "Never used", or "Unknown" for keys older than usage tracking.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { KeyUse } from '../../../../domain/insights';
import { useCallContext } from '../../../../client/call-context';
import { engineQuery } from '../../../../client/engine-query';
import { failureMessage } from '../../../../components/failure-message';
import { useEngineNow } from '../../../../client/session-query';
import { formatDate, relative } from './format';

/** The events page showing exactly this use's event (same key, action and instant). */
export function eventHref(keyId: string, use: KeyUse): string {
  const params = new URLSearchParams({
    target: keyId,
    action: `kms.secrets.${use.action}`,
    from: use.time,
    to: use.time,
  });
  return `/events?${params.toString()}`;
}

export function LastUsed({ keyId }: { keyId: string }) {
  const ctx = useCallContext();
  const now = useEngineNow();
  const usage = useQuery(engineQuery('getKeyUsage', ctx, keyId));
  if (usage.isPending) return <span>Loading…</span>;
  if (usage.isError) return <span>Could not read: {failureMessage(usage.error).detail}</span>;
  const { status, last, trackingSince } = usage.data;
  if (status === 'unknown' || !last)
    return (
      <span data-testid="last-used">
        {status === 'unknown'
          ? `Unknown: the key is older than usage tracking (since ${formatDate(trackingSince)}), and has not been used since`
          : 'Never used'}
      </span>
    );
  return <LastUse keyId={keyId} use={last} now={now} />;
}

/** "Last used 3 minutes ago by Wren Writer: unwrap", linking to that use's event. */
export function LastUse({
  keyId,
  use,
  now,
  testId = 'last-used',
}: {
  keyId: string;
  use: KeyUse;
  now: number;
  testId?: string;
}) {
  const href = eventHref(keyId, use);
  return (
    <span data-testid={testId}>
      <Link to={href}>
        Last used {relative(use.time, now)} by {use.userName}: {use.action}
      </Link>
    </span>
  );
}
