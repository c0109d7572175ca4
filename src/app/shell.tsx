/**
 * The Carbon UI shell: product name, the kms instance being viewed, side navigation, the demo
 * clock, light/dark theme, the acting user with a switcher between the account's users (demo
 * personas), and the notifications area. Renders pages only once the engine has answered who is
 * here.
 */
import {
  Content,
  Header,
  HeaderGlobalAction,
  HeaderGlobalBar,
  HeaderMenuButton,
  HeaderName,
  HeaderPanel,
  Loading,
  RadioButton,
  RadioButtonGroup,
  Select,
  SelectItem,
  SideNav,
  SideNavItems,
  SideNavLink,
  SkipToContent,
  Theme,
} from '@carbon/react';
import {
  Asleep,
  Catalog,
  Connect,
  Dashboard as DashboardIcon,
  DataBase,
  Folders,
  Light,
  Locked,
  RecentlyViewed,
  Settings,
  Education,
  Time,
  UserAvatar,
  UserMultiple,
} from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import type { Session } from '../domain/api';
import { SERVICE_ROLES, type Role } from '../domain/roles';
import type { AccessPolicy } from '../domain/types';
import { useEngineStatus } from '../client/keyward-client';
import { useServerChoice } from '../client/engine-choice';
import { EngineFailure } from './engine-failure';
import { EngineIndicator } from './engine-indicator';
import { sessionQuery, useEngineNow } from '../client/session-query';
import { setActingUserId, setInstanceId, useActingUserId, useInstanceId } from '../client/session';
import { NotificationsProvider } from '../components/notifications';
import { NotificationsAction } from '../features/notifications/components/notifications-action';
import { WalkthroughPanel } from '../features/presenter/components/walkthrough-panel';
import { DemoTimeBadge } from './demo-time-badge';
import { ClockPanel } from './clock-panel';
import { setTheme, useTheme } from './theme';
import { formatDate } from '../components/format';

const DEFAULT_USER = 'user-manager';

const NAV = [
  { to: '/', label: 'Dashboard', icon: DashboardIcon },
  { to: '/keys', label: 'Keys', icon: Locked },
  { to: '/key-rings', label: 'Key rings', icon: Folders },
  { to: '/buckets', label: 'Buckets', icon: DataBase },
  { to: '/events', label: 'Events', icon: RecentlyViewed },
  { to: '/authorizations', label: 'Authorizations', icon: Connect },
  { to: '/access', label: 'Access', icon: UserMultiple },
  { to: '/resources', label: 'Resources', icon: Catalog },
  { to: '/settings', label: 'Settings', icon: Settings },
  { to: '/demo', label: 'Demo', icon: Education },
];

/** The order roles are listed in: account-wide first, then the instance, a ring, one key. */
const ROLE_ORDER: readonly Role[] = ['Administrator', ...SERVICE_ROLES];
function breadth(p: AccessPolicy): number {
  return !p.scope.instanceId ? 0 : p.scope.keyId ? 3 : p.scope.keyRingID ? 2 : 1;
}

/** How a user's policies read in the header: "Manager", "Administrator, Reader, KeyPurge". */
function rolesLabel(session: Session, userId: string, instanceId: string): string {
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

type Panel = 'user' | 'clock' | null;

export function Component() {
  const session = useQuery(sessionQuery());
  const engine = useEngineStatus();
  const userId = useActingUserId();
  const instanceId = useInstanceId();
  const theme = useTheme();
  const location = useLocation();
  const [panel, setPanel] = useState<Panel>(null);
  const [navExpanded, setNavExpanded] = useState(false);
  const engineNow = new Date(useEngineNow(1000)).toISOString();
  const server = useServerChoice();

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
      !session.data.instances.some(
        (i) => i.id === instanceId && (i.kind === 'kms' || i.kind === 'hpcs'),
      )
    ) {
      setInstanceId(session.data.instances.find((i) => i.kind === 'kms')?.id ?? '');
    }
  }, [session.data, userId, instanceId]);

  const user = session.data?.users.find((u) => u.id === userId);
  const instance = session.data?.instances.find((i) => i.id === instanceId);
  const kmsInstances =
    session.data?.instances.filter((i) => i.kind === 'kms' || i.kind === 'hpcs') ?? [];
  const ready = session.data && user && instance;
  const toggle = (which: Panel) => setPanel((open) => (open === which ? null : which));

  return (
    <Theme theme={theme} className="kw-app">
      <NotificationsProvider>
        <Header aria-label="Keyward">
          <SkipToContent />
          <HeaderMenuButton
            aria-label={navExpanded ? 'Close menu' : 'Open menu'}
            isActive={navExpanded}
            aria-expanded={navExpanded}
            onClick={() => setNavExpanded((open) => !open)}
          />
          <HeaderName as={Link} to="/keys" prefix="">
            Keyward
          </HeaderName>
          {instance &&
            (kmsInstances.length > 1 ? (
              <div className="kw-header-instance">
                <Select
                  id="instance-switcher"
                  labelText="Instance"
                  hideLabel
                  size="sm"
                  value={instance.id}
                  onChange={(e) => setInstanceId(e.target.value)}
                >
                  {kmsInstances.map((i) => (
                    <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
                  ))}
                </Select>
              </div>
            ) : (
              <span className="kw-header-instance">
                {instance.name} · {instance.region}
              </span>
            ))}
          <EngineIndicator />
          <HeaderGlobalBar>
            {session.data && <DemoTimeBadge offsetMs={session.data.clockOffsetMs} />}
            {ready && (
              <span className="kw-header-user" data-testid="acting-user">
                {user.name} · {rolesLabel(session.data, user.id, instance.id)}
              </span>
            )}
            {ready && <NotificationsAction ctx={{ userId: user.id, instanceId: instance.id }} />}
            <HeaderGlobalAction
              aria-label={`Demo clock: ${formatDate(engineNow, true)}`}
              aria-expanded={panel === 'clock'}
              isActive={panel === 'clock'}
              onClick={() => toggle('clock')}
              tooltipAlignment="end"
            >
              <Time size={20} />
            </HeaderGlobalAction>
            <HeaderGlobalAction
              aria-label={theme === 'white' ? 'Switch to dark theme' : 'Switch to light theme'}
              onClick={() => setTheme(theme === 'white' ? 'g100' : 'white')}
              tooltipAlignment="end"
            >
              {theme === 'white' ? <Asleep size={20} /> : <Light size={20} />}
            </HeaderGlobalAction>
            <HeaderGlobalAction
              aria-label={user ? `Switch user (acting as ${user.name})` : 'Switch user'}
              aria-expanded={panel === 'user'}
              isActive={panel === 'user'}
              onClick={() => toggle('user')}
              tooltipAlignment="end"
            >
              <UserAvatar size={20} />
            </HeaderGlobalAction>
          </HeaderGlobalBar>
          <HeaderPanel
            className="kw-clock-header-panel"
            expanded={panel === 'clock'}
            onHeaderPanelFocus={() => setPanel(null)}
          >
            {ready && panel === 'clock' && (
              <ClockPanel
                ctx={{ userId: user.id, instanceId: instance.id }}
                now={engineNow}
                offsetMs={session.data.clockOffsetMs}
                canAdvance={session.data.policies.some(
                  (p) => p.userId === user.id && p.role === 'Administrator',
                )}
              />
            )}
          </HeaderPanel>
          <HeaderPanel expanded={panel === 'user'} onHeaderPanelFocus={() => setPanel(null)}>
            {ready && panel === 'user' && (
              <section className="kw-persona-panel" aria-label="Switch user">
                <RadioButtonGroup
                  legendText="Act as"
                  name="persona"
                  orientation="vertical"
                  valueSelected={user.id}
                  onChange={(value) => {
                    setActingUserId(String(value));
                    setPanel(null);
                  }}
                >
                  {session.data.users.map((u) => (
                    <RadioButton
                      key={u.id}
                      id={`persona-${u.id}`}
                      value={u.id}
                      labelText={`${u.name} (${rolesLabel(session.data, u.id, instance.id)})`}
                      // On a server, you are the API key's user (Settings connects another).
                      disabled={server !== undefined && u.id !== server.userId}
                    />
                  ))}
                </RadioButtonGroup>
                {server && (
                  <p className="kw-persona-note">
                    On a Keyward server you act as your API key’s user. To act as someone else,
                    connect with their API key in Settings.
                  </p>
                )}
              </section>
            )}
          </HeaderPanel>
          <SideNav
            aria-label="Side navigation"
            expanded={navExpanded}
            onOverlayClick={() => setNavExpanded(false)}
            onSideNavBlur={() => setNavExpanded(false)}
            href="/keys"
          >
            <SideNavItems>
              {NAV.map((item) => (
                <SideNavLink
                  key={item.to}
                  as={Link}
                  to={item.to}
                  renderIcon={item.icon}
                  isActive={
                    item.to === '/'
                      ? location.pathname === '/'
                      : location.pathname.startsWith(item.to)
                  }
                  onClick={() => setNavExpanded(false)}
                >
                  {item.label}
                </SideNavLink>
              ))}
            </SideNavItems>
          </SideNav>
        </Header>
        <Content id="main-content" className="kw-main">
          {engine.state === 'failed' || session.isError ? (
            <EngineFailure
              engine={engine}
              sessionError={session.error}
              started={session.data !== undefined}
            />
          ) : ready ? (
            <Outlet />
          ) : (
            <Loading description="Opening the key engine" withOverlay={false} />
          )}
        </Content>
        {ready && <WalkthroughPanel ctx={{ userId: user.id, instanceId: instance.id }} />}
      </NotificationsProvider>
    </Theme>
  );
}
