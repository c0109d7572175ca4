/**
 * The header's notifications (SPEC section 15): a bell with the count of what needs the acting
 * user's attention, opening a panel that lists each item with a link to where to act. Items
 * come from the engine (its clock decides what is due) and vanish once handled. The engine lists
 * the most urgent 50 with the exact count of each kind: the bell shows the exact total, and the
 * panel says how many more of a kind there are, linking to the list that holds them.
 */
import { HeaderGlobalAction, HeaderPanel, InlineNotification, Tag } from '@carbon/react';
import { Notification, NotificationNew } from '@carbon/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CallContext } from '../../../domain/api';
import { errorMessage } from '../../../client/error-message';
import { useNotifications } from '../api/get-notifications';
import { KIND_LABELS, moreOfEachKind, moreText, notificationHref } from '../notification-links';
import '../notifications.scss';

export function NotificationsAction({ ctx }: { ctx: CallContext }) {
  const [open, setOpen] = useState(false);
  const notifications = useNotifications(ctx);
  const items = notifications.data?.notifications ?? [];
  const count = notifications.data?.total ?? 0;
  const more = notifications.data ? moreOfEachKind(notifications.data) : [];
  const label = count === 0 ? 'Notifications: none' : `Notifications: ${count}`;
  return (
    <>
      <HeaderGlobalAction
        aria-label={label}
        aria-expanded={open}
        isActive={open}
        onClick={() => setOpen((o) => !o)}
        tooltipAlignment="end"
        className="kw-notify-action"
      >
        {count > 0 ? <NotificationNew size={20} /> : <Notification size={20} />}
        {count > 0 && (
          <span className="kw-notify-count" data-testid="notification-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </HeaderGlobalAction>
      <HeaderPanel
        expanded={open}
        onHeaderPanelFocus={() => setOpen(false)}
        className="kw-notify-panel"
      >
        {open && (
          <section aria-label="Notifications" className="kw-notify-section">
            <h2 className="kw-notify-title">Notifications</h2>
            {notifications.isError ? (
              <InlineNotification
                kind="error"
                title={errorMessage(notifications.error).title}
                subtitle={errorMessage(notifications.error).detail}
                hideCloseButton
                lowContrast
              />
            ) : notifications.isPending ? (
              <p className="kw-notify-empty">Loading…</p>
            ) : count === 0 ? (
              <p className="kw-notify-empty">Nothing needs your attention.</p>
            ) : (
              <>
                {more.length > 0 && (
                  <p className="kw-notify-summary">
                    The {items.length.toLocaleString('en-US')} most urgent of{' '}
                    {count.toLocaleString('en-US')}; the rest are counted at the end.
                  </p>
                )}
                <ul className="kw-notify-list" data-testid="notifications">
                  {items.map((n) => (
                    <li key={n.id} data-kind={n.kind}>
                      <Tag
                        type={
                          n.kind === 'dual-auth-approval' || n.kind === 'ack-failed'
                            ? 'red'
                            : 'warm-gray'
                        }
                        size="sm"
                      >
                        {KIND_LABELS[n.kind]}
                      </Tag>
                      <Link
                        to={notificationHref(n)}
                        className="cds--link kw-notify-link"
                        onClick={() => setOpen(false)}
                      >
                        {n.message}
                      </Link>
                    </li>
                  ))}
                </ul>
                {more.length > 0 && (
                  <ul
                    className="kw-notify-more"
                    aria-label="More notifications"
                    data-testid="notifications-more"
                  >
                    {more.map((m) => (
                      <li key={m.kind} data-kind={m.kind}>
                        {m.link ? (
                          <Link
                            to={m.link.href}
                            className="cds--link kw-notify-link"
                            onClick={() => setOpen(false)}
                          >
                            {moreText(m)}
                          </Link>
                        ) : (
                          <span>{moreText(m)}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </section>
        )}
      </HeaderPanel>
    </>
  );
}
