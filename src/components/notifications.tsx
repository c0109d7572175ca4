/**
 * The console's notifications area: results of actions as Carbon toasts in the top-right corner,
 * announced to screen readers. Any page calls `useNotify()` to report an outcome.
 */
import { ToastNotification } from '@carbon/react';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface Notice {
  kind: 'success' | 'error' | 'info' | 'warning';
  title: string;
  subtitle?: string;
}

type Notify = (notice: Notice) => void;

const NotifyContext = createContext<Notify | undefined>(undefined);

const SUCCESS_TIMEOUT_MS = 6000;

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<(Notice & { id: number })[]>([]);
  const notify = useCallback<Notify>((notice) => {
    setNotices((current) => [...current.slice(-3), { ...notice, id: Date.now() + Math.random() }]);
  }, []);
  const dismiss = (id: number) => setNotices((current) => current.filter((n) => n.id !== id));
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <div className="kw-toasts" aria-live="polite">
        {notices.map((n) => (
          <ToastNotification
            key={n.id}
            kind={n.kind}
            title={n.title}
            subtitle={n.subtitle}
            timeout={n.kind === 'success' || n.kind === 'info' ? SUCCESS_TIMEOUT_MS : 0}
            onClose={() => {
              dismiss(n.id);
              return false;
            }}
            lowContrast
          />
        ))}
      </div>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  const notify = useContext(NotifyContext);
  if (!notify) throw new Error('useNotify outside NotificationsProvider');
  return notify;
}
