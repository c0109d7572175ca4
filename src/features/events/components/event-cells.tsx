/** How one event's fields read in the events table and in its expanded details. */
import { Tag } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { parseCrn } from '../../../domain/crn';
import type { AuditEvent } from '../../../domain/types';
import { sessionQuery } from '../../../client/session-query';
import { DateTime } from '../../../components/date-time';

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
 * Key targets: the short key id, linked to the key's page; instances by their name; others: what
 * the CRN names.
 */
export function EventTarget({ event }: { event: AuditEvent }) {
  const { crn, keyId } = event.target;
  const instances = useQuery(sessionQuery()).data?.instances;
  if (keyId)
    return (
      <Link
        to={`/keys/${encodeURIComponent(keyId)}`}
        className="cds--link kw-mono kw-events-nowrap"
        title={crn}
        aria-label={`Key ${keyId}`}
      >
        {keyId.slice(0, 8)}…
      </Link>
    );
  if (!crn) return <span className="kw-events-secondary">—</span>;
  const parts = parseCrn(crn);
  const instance = parts && instances?.find((i) => i.id === parts.instanceGuid);
  const label =
    parts && !parts.resourceType
      ? instance
        ? `Instance ${instance.name}`
        : `Instance ${parts.instanceGuid.slice(0, 8)}…`
      : (parts?.resource ?? crn);
  return (
    <span className="kw-events-truncate kw-events-target" title={crn}>
      {label}
    </span>
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
export function EventDetails({ event }: { event: AuditEvent }) {
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
