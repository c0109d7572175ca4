/**
 * What an event keeps of caller input is bounded (SPEC section 12): each text field is cut at its
 * own limit plus a marker, so no call can make the log grow by more than a few kilobytes
 * (at most about 2.5 kB of text per event, plus about 200 bytes per item of a batch call). Applied to every event as it enters the chain.
 */
import type { PendingEvent } from './audit-log';

export const CUT_MARKER = '…[cut]';

export const EVENT_FIELD_LIMITS = {
  id: 200,
  name: 200,
  crn: 512,
  keyId: 100,
  action: 100,
  message: 1000,
  code: 64,
  roles: 10,
  /** Items of a batch call (its own bound is 1,000). */
  items: 1000,
} as const;

export function cut(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max) + CUT_MARKER;
}

/** The event with every field cut to its bound. */
export function boundedEvent(e: PendingEvent): PendingEvent {
  const L = EVENT_FIELD_LIMITS;
  const target: PendingEvent['target'] = { crn: cut(String(e.target.crn), L.crn) };
  if (e.target.keyId !== undefined) target.keyId = cut(String(e.target.keyId), L.keyId);
  if (e.target.instanceId !== undefined) target.instanceId = cut(String(e.target.instanceId), L.id);
  const event: PendingEvent = {
    id: cut(e.id, L.id),
    time: e.time,
    action: cut(e.action, L.action),
    initiator: {
      id: cut(String(e.initiator.id), L.id),
      name: cut(String(e.initiator.name), L.name),
      roles: e.initiator.roles.slice(0, L.roles),
    },
    target,
    outcome: e.outcome,
    correlationId: cut(String(e.correlationId), L.id),
  };
  if (e.items)
    event.items = e.items.slice(0, L.items).map((i) => {
      const item: NonNullable<PendingEvent['items']>[number] = {
        keyId: cut(String(i.keyId), L.keyId),
        outcome: i.outcome,
      };
      if (i.keyVersion !== undefined) item.keyVersion = cut(String(i.keyVersion), L.keyId);
      if (i.code !== undefined) item.code = cut(String(i.code), L.code);
      return item;
    });
  if (e.reason)
    event.reason = {
      status: e.reason.status,
      code: cut(e.reason.code, L.code),
      message: cut(e.reason.message, L.message),
    };
  return event;
}
