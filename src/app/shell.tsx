/**
 * The Carbon UI shell: product name, the kms instance being viewed, and the acting user with a
 * switcher between the account's users (demo personas). Renders pages only once the engine has
 * answered who is here.
 */
import {
  Content,
  Header,
  HeaderGlobalAction,
  HeaderGlobalBar,
  HeaderName,
  HeaderPanel,
  InlineNotification,
  Loading,
  RadioButton,
  RadioButtonGroup,
  SkipToContent,
} from '@carbon/react';
import { UserAvatar } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import type { Session } from '../domain/api';
import { errorMessage } from '../client/error-message';
import { keywardClient } from '../client/keyward-client';
import { setActingUserId, setInstanceId, useActingUserId, useInstanceId } from '../client/session';

const DEFAULT_USER = 'user-manager';

/** How a user's policies read in the header: "Manager", "Administrator, Reader, KeyPurge". */
function rolesLabel(session: Session, userId: string, instanceId: string): string {
  const roles = session.policies
    .filter(
      (p) => p.userId === userId && (!p.scope.instanceId || p.scope.instanceId === instanceId),
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

export function Component() {
  const session = useQuery({ queryKey: ['session'], queryFn: () => keywardClient().getSession() });
  const userId = useActingUserId();
  const instanceId = useInstanceId();
  const [panelOpen, setPanelOpen] = useState(false);

  // First visit, or a stored choice the account no longer has: pick the defaults.
  useEffect(() => {
    if (!session.data) return;
    if (!userId || !session.data.users.some((u) => u.id === userId)) {
      setActingUserId(
        session.data.users.find((u) => u.id === DEFAULT_USER)?.id ??
          session.data.users[0]?.id ??
          '',
      );
    }
    if (
      !instanceId ||
      !session.data.instances.some((i) => i.id === instanceId && i.kind === 'kms')
    ) {
      setInstanceId(session.data.instances.find((i) => i.kind === 'kms')?.id ?? '');
    }
  }, [session.data, userId, instanceId]);

  const user = session.data?.users.find((u) => u.id === userId);
  const instance = session.data?.instances.find((i) => i.id === instanceId);
  const ready = session.data && user && instance;

  return (
    <>
      <Header aria-label="Keyward">
        <SkipToContent />
        <HeaderName href="/keys" prefix="">
          Keyward
        </HeaderName>
        {instance && (
          <span className="kw-header-instance">
            {instance.name} · {instance.region}
          </span>
        )}
        <HeaderGlobalBar>
          {ready && (
            <span className="kw-header-user" data-testid="acting-user">
              {user.name} · {rolesLabel(session.data, user.id, instance.id)}
            </span>
          )}
          <HeaderGlobalAction
            aria-label={user ? `Switch user (acting as ${user.name})` : 'Switch user'}
            aria-expanded={panelOpen}
            isActive={panelOpen}
            onClick={() => setPanelOpen((open) => !open)}
            tooltipAlignment="end"
          >
            <UserAvatar size={20} />
          </HeaderGlobalAction>
        </HeaderGlobalBar>
        <HeaderPanel expanded={panelOpen} aria-label="Switch user">
          {ready && (
            <div className="kw-persona-panel">
              <RadioButtonGroup
                legendText="Act as"
                name="persona"
                orientation="vertical"
                valueSelected={user.id}
                onChange={(value) => {
                  setActingUserId(String(value));
                  setPanelOpen(false);
                }}
              >
                {session.data.users.map((u) => (
                  <RadioButton
                    key={u.id}
                    id={`persona-${u.id}`}
                    value={u.id}
                    labelText={`${u.name} (${rolesLabel(session.data, u.id, instance.id)})`}
                  />
                ))}
              </RadioButtonGroup>
            </div>
          )}
        </HeaderPanel>
      </Header>
      <Content id="main-content" className="kw-main">
        {session.isError ? (
          <InlineNotification
            kind="error"
            title="The key engine did not start"
            subtitle={`${errorMessage(session.error).detail} Keyward needs IndexedDB and Web Workers; a private window or blocked site storage can prevent them.`}
            hideCloseButton
            lowContrast
          />
        ) : ready ? (
          <Outlet />
        ) : (
          <Loading description="Opening the key engine" withOverlay={false} />
        )}
      </Content>
    </>
  );
}
