/**
 * Who is acting: the header's label of a user's roles, and the panel that switches between the
 * account's users (demo personas). On a Keyward server only the API key's user can act.
 */
import { RadioButton, RadioButtonGroup } from '@carbon/react';
import type { Session } from '../domain/api';
import { SERVICE_ROLES, type Role } from '../domain/roles';
import type { AccessPolicy } from '../domain/types';

/** The order roles are listed in: account-wide first, then the instance, a ring, one key. */
const ROLE_ORDER: readonly Role[] = ['Administrator', ...SERVICE_ROLES];
function breadth(p: AccessPolicy): number {
  return !p.scope.instanceId ? 0 : p.scope.keyId ? 3 : p.scope.keyRingID ? 2 : 1;
}

/** How a user's policies read in the header: "Manager", "Administrator, Reader, KeyPurge". */
export function rolesLabel(session: Session, userId: string, instanceId: string): string {
  const roles = session.policies
    .filter(
      (p) => p.userId === userId && (!p.scope.instanceId || p.scope.instanceId === instanceId),
    )
    .sort(
      (a, b) => breadth(a) - breadth(b) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
    )
    .map((p) =>
      p.scope.keyRingID
        ? `${p.role} (ring ${p.scope.keyRingID})`
        : p.scope.keyId
          ? `${p.role} (one key)`
          : p.role,
    );
  return roles.length > 0 ? roles.join(', ') : 'no access';
}

export function PersonaPanel({
  session,
  userId,
  instanceId,
  serverUserId,
  onChoose,
}: {
  session: Session;
  userId: string;
  instanceId: string;
  /** The API key's user when connected to a Keyward server; undefined in the browser. */
  serverUserId: string | undefined;
  onChoose: (userId: string) => void;
}) {
  return (
    <section className="kw-persona-panel" aria-label="Switch user">
      <RadioButtonGroup
        legendText="Act as"
        name="persona"
        orientation="vertical"
        valueSelected={userId}
        onChange={(value) => onChoose(String(value))}
      >
        {session.users.map((u) => (
          <RadioButton
            key={u.id}
            id={`persona-${u.id}`}
            value={u.id}
            labelText={`${u.name} (${rolesLabel(session, u.id, instanceId)})`}
            // On a server, you are the API key's user (Settings connects another).
            disabled={serverUserId !== undefined && u.id !== serverUserId}
          />
        ))}
      </RadioButtonGroup>
      {serverUserId !== undefined && (
        <p className="kw-persona-note">
          On a Keyward server you act as your API key’s user. To act as someone else, connect with
          their API key in Settings.
        </p>
      )}
    </section>
  );
}
