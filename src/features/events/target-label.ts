/**
 * How an event's target reads in the events table: by name where one exists (a key's name from
 * the engine's page, an instance's or a user's from the session; rings and buckets are named in
 * their CRN), by a short id otherwise. The full id or CRN stays available (`id`, shown as a title
 * and copied from the row's details).
 */
import { parseCrn } from '../../domain/crn';
import type { AuditEvent } from '../../domain/types';

export interface TargetNames {
  /** Key id → name (the engine's `EventList.keyNames`). */
  keys?: Readonly<Record<string, string>>;
  instances?: readonly { id: string; name: string }[];
  users?: readonly { id: string; name: string }[];
}

export interface TargetLabel {
  /** What kind of thing the target is, as a person says it. */
  kind: string;
  /** Its name, or a short id where it has none. */
  name: string;
  /** The key id, or the whole CRN: what the name stands for. */
  id: string;
  /** The key's id when the target is a key (its page links by it). */
  keyId?: string;
}

const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

export function targetLabel(
  target: AuditEvent['target'],
  names: TargetNames,
): TargetLabel | undefined {
  const { crn, keyId } = target;
  if (keyId) return { kind: 'Key', name: names.keys?.[keyId] ?? short(keyId), id: keyId, keyId };
  if (!crn) return undefined;
  const parts = parseCrn(crn);
  if (!parts) return { kind: 'Resource', name: crn, id: crn };
  const { resourceType, resource, instanceGuid } = parts;
  if (!resourceType) {
    if (!instanceGuid) return { kind: 'Account', name: parts.accountId, id: crn };
    const instance = names.instances?.find((i) => i.id === instanceGuid);
    return { kind: 'Instance', name: instance?.name ?? short(instanceGuid), id: crn };
  }
  switch (resourceType) {
    case 'key-ring':
      return { kind: 'Key ring', name: resource, id: crn };
    case 'bucket': {
      // An object's target is its bucket's CRN, a slash, and the object's name.
      const slash = resource.indexOf('/');
      return slash < 0
        ? { kind: 'Bucket', name: resource, id: crn }
        : {
            kind: `Object in ${resource.slice(0, slash)}`,
            name: resource.slice(slash + 1),
            id: crn,
          };
    }
    case 'user': {
      const user = names.users?.find((u) => u.id === resource);
      return { kind: 'User', name: user?.name ?? resource, id: crn };
    }
    case 'authorization':
      return { kind: 'Authorization', name: short(resource), id: crn };
    case 'key':
      return { kind: 'Key', name: names.keys?.[resource] ?? short(resource), id: crn };
    default:
      return { kind: resourceType, name: resource, id: crn };
  }
}
