/**
 * The console's side navigation, grouped by what a page is about: the key-management instance
 * being viewed, the storage it protects, the account around both, and the presenter's page.
 * Groups are Carbon side-nav menus, open by default, so every page stays one click away.
 */
import { SideNav, SideNavItems, SideNavLink, SideNavMenu, SideNavMenuItem } from '@carbon/react';
import {
  Dashboard as DashboardIcon,
  DataBase,
  Education,
  Locked,
  UserMultiple,
} from '@carbon/icons-react';
import type { ComponentType } from 'react';
import { Link, useLocation } from 'react-router';

interface NavPage {
  to: string;
  label: string;
}

interface NavTop extends NavPage {
  icon: ComponentType;
}

interface NavGroup {
  title: string;
  icon: ComponentType;
  pages: readonly NavPage[];
}

/** Top-level entries and groups, in the order they show. */
export const NAVIGATION: readonly (NavTop | NavGroup)[] = [
  { to: '/', label: 'Dashboard', icon: DashboardIcon },
  {
    title: 'Key management',
    icon: Locked,
    pages: [
      { to: '/keys', label: 'Keys' },
      { to: '/key-rings', label: 'Key rings' },
      { to: '/events', label: 'Events' },
      { to: '/settings', label: 'Settings' },
    ],
  },
  {
    title: 'Object storage',
    icon: DataBase,
    pages: [
      { to: '/buckets', label: 'Buckets' },
      { to: '/authorizations', label: 'Authorizations' },
    ],
  },
  {
    title: 'Account',
    icon: UserMultiple,
    pages: [
      { to: '/access', label: 'Access' },
      { to: '/resources', label: 'Resources' },
    ],
  },
  { to: '/demo', label: 'Demo', icon: Education },
];

/** Whether `pathname` is `to`'s page or one below it ("/keys/abc" is under "/keys"). */
export function isUnder(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function SideNavigation({ expanded, onClose }: { expanded: boolean; onClose: () => void }) {
  const { pathname } = useLocation();
  return (
    <SideNav
      aria-label="Side navigation"
      expanded={expanded}
      onOverlayClick={onClose}
      onSideNavBlur={onClose}
      href="/"
    >
      <SideNavItems>
        {NAVIGATION.map((entry) =>
          'pages' in entry ? (
            <SideNavMenu
              key={entry.title}
              title={entry.title}
              renderIcon={entry.icon}
              defaultExpanded
              isActive={entry.pages.some((p) => isUnder(pathname, p.to))}
            >
              {entry.pages.map((p) => (
                <SideNavMenuItem
                  key={p.to}
                  as={Link}
                  to={p.to}
                  isActive={isUnder(pathname, p.to)}
                  onClick={onClose}
                >
                  {p.label}
                </SideNavMenuItem>
              ))}
            </SideNavMenu>
          ) : (
            <SideNavLink
              key={entry.to}
              as={Link}
              to={entry.to}
              renderIcon={entry.icon}
              isActive={isUnder(pathname, entry.to)}
              onClick={onClose}
            >
              {entry.label}
            </SideNavLink>
          ),
        )}
      </SideNavItems>
    </SideNav>
  );
}
