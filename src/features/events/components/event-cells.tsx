/** How one event's fields read in the events table and in its expanded details. */
import { Tag } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AuditEvent } from '../../../domain/types';
import { sessionQuery } from '../../../client/session-query';
import { DateTime } from '../../../components/date-time';
import { targetLabel } from '../target-label';

export function EventTime({ event }: { event: AuditEvent }) {
  return <DateTime iso={event.time} precise className="kw-events-nowrap" />;
}

export function EventInitiator({ event }: { event: AuditEvent }) {
  const { name, id, roles } = event.initiator;
  return (
    <div className="kw-events-stack" title={id}>
      <span className="kw-events-truncate">{name}</span>
      <span className="kw-events-secondary kw-events-truncate">
        {roles.length > 0 ? roles.join(', ') : 'no role'}
      </span>
    </div>
  );
}

/**
 * The target by name where one exists (keys link to their page), with what kind of thing it is
 * below; the key id or whole CRN is its title, and in the row's details.
 */
export function EventTarget({
  event,
  keyNames,
}: {
  event: AuditEvent;
  keyNames: Readonly<Record<string, string>> | undefined;
}) {
  const session = useQuery(sessionQuery()).data;
  const label = targetLabel(event.target, {
    keys: keyNames,
    instances: session?.instances,
    users: session?.users,
  });
  if (!label) return <span className="kw-events-secondary">—</span>;
  return (
    <div className="kw-events-stack kw-events-target" title={label.id}>
      {label.keyId ? (
        <Link
          to={`/keys/${encodeURIComponent(label.keyId)}`}
          className="cds--link kw-events-truncate"
          aria-label={`Key ${label.name}`}
        >
          {label.name}
        </Link>
      ) : (
        <span className="kw-events-truncate">{label.name}</span>
      )}
      <span className="kw-events-secondary kw-events-truncate">{label.kind}</span>
    </div>
  );
}

export function EventOutcome({ event }: { event: AuditEvent }) {
  if (event.outcome === 'success')
    return (
      <Tag type="green" size="sm">
        Success
      </Tag>
    );
  return (
    <Tag type="red" size="sm" className="kw-events-outcome" title={event.reason?.message}>
      Failure{event.reason ? `: ${event.reason.code}` : ''}
    </Tag>
  );
}

/** Everything about one event, for its expanded row. */
export function EventDetails({ event, keyName }: { event: AuditEvent; keyName?: string }) {
  const { initiator, target, reason } = event;
  return (
    <dl className="kw-events-details">
      <dt>Event</dt>
      <dd>
        #{event.seq} · <span className="kw-mono">{event.id}</span>
      </dd>
      <dt>Time</dt>
      <dd className="kw-mono">{event.time}</dd>
      <dt>Initiator</dt>
      <dd>
        {initiator.name} (<span className="kw-mono">{initiator.id}</span>) ·{' '}
        {initiator.roles.length > 0 ? initiator.roles.join(', ') : 'no role'}
      </dd>
      <dt>Target</dt>
      <dd className="kw-mono kw-events-break">{target.crn || '—'}</dd>
      {target.keyId && (
        <>
          <dt>Key</dt>
          <dd>
            {keyName !== undefined && <>{keyName} · </>}
            <Link to={`/keys/${encodeURIComponent(target.keyId)}`} className="cds--link kw-mono">
              {target.keyId}
            </Link>
          </dd>
        </>
      )}
      <dt>Outcome</dt>
      <dd>
        {reason ? (
          <>
            Failure: {reason.status} <span className="kw-mono">{reason.code}</span> —{' '}
            {reason.message}
          </>
        ) : (
          'Success'
        )}
      </dd>
      <dt>Correlation id</dt>
      <dd className="kw-mono">{event.correlationId}</dd>
      <dt>Hash</dt>
      <dd className="kw-mono kw-events-break">{event.hash}</dd>
      <dt>Previous hash</dt>
      <dd className="kw-mono kw-events-break">{event.prevHash}</dd>
    </dl>
  );
}
