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
  Select,
  SelectItem,
  SkipToContent,
  Theme,
} from '@carbon/react';
import { Asleep, Light, Time, UserAvatar } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { useEngineStatus } from '../client/keyward-client';
import { useServerChoice } from '../client/engine-choice';
import { EngineFailure } from './engine-failure';
import { EngineIndicator } from './engine-indicator';
import { sessionQuery, useEngineNow } from '../client/session-query';
import { setActingUserId, setInstanceId, useActingUserId, useInstanceId } from '../client/session';
import { NotificationsProvider } from '../components/notifications';
import { NotificationsAction } from '../features/notifications/components/notifications-action';
import { WalkthroughPanel } from '../features/presenter/components/walkthrough-panel';
import { SealedBanner } from '../features/settings/components/sealed-banner';
import { DemoTimeBadge } from './demo-time-badge';
import { ClockPanel } from './clock-panel';
import { setTheme, useTheme } from './theme';
import { formatDate } from '../components/format';
import { PersonaPanel, rolesLabel } from './persona-panel';
import { SideNavigation } from './side-navigation';

const DEFAULT_USER = 'user-manager';

type Panel = 'user' | 'clock' | null;

export function Component() {
  const session = useQuery(sessionQuery());
  const engine = useEngineStatus();
  const userId = useActingUserId();
  const instanceId = useInstanceId();
  const theme = useTheme();
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
          <HeaderName as={Link} to="/" prefix="">
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
              <span
                className="kw-header-user"
                data-testid="acting-user"
                title={`${user.name} · ${rolesLabel(session.data, user.id, instance.id)}`}
              >
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
              <PersonaPanel
                session={session.data}
                userId={user.id}
                instanceId={instance.id}
                serverUserId={server?.userId}
                onChoose={(id) => {
                  setActingUserId(id);
                  setPanel(null);
                }}
              />
            )}
          </HeaderPanel>
          <SideNavigation expanded={navExpanded} onClose={() => setNavExpanded(false)} />
        </Header>
        <Content id="main-content" className="kw-main">
          {engine.state === 'failed' || session.isError ? (
            <EngineFailure
              engine={engine}
              sessionError={session.error}
              started={session.data !== undefined}
            />
          ) : ready ? (
            <>
              <SealedBanner />
              <Outlet />
            </>
          ) : (
            <Loading description="Opening the key engine" withOverlay={false} />
          )}
        </Content>
        {ready && <WalkthroughPanel ctx={{ userId: user.id, instanceId: instance.id }} />}
      </NotificationsProvider>
    </Theme>
  );
}
