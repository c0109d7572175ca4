/**
 * Renders a console page in jsdom against a real engine in this thread (over fake-indexeddb), as
 * the app does: the engine's client, the query layer refreshed by the engine's change notices,
 * the acting persona and instance of the tab, notifications and a router. For component tests
 * (`*.component.test.tsx`); the engine is the real one, so its permission checks, validation
 * and refusals are what the page shows.
 */
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { engineQueryClient, invalidateStaleReads } from '../client/engine-query';
import { onEngineChange } from '../client/keyward-client';
import { setActingUserId, setInstanceId } from '../client/session';
import { NotificationsProvider } from '../components/notifications';
import { openHarness, type Harness, type Persona } from '../engine/test/harness';
import { passNotice, setInThreadEngine } from './in-thread-client';

export interface ConsoleOptions {
  /** Who acts in the tab (default: the Manager). */
  persona?: Persona;
  /** The route pattern the page is mounted at, e.g. 'keys/:keyId' (default: every path). */
  route?: string;
  /** The URL the tab opens (default: '/'). */
  path?: string;
  /** Prepares the engine before the page renders (seed keys, policies, …). */
  seed?: (h: Harness) => Promise<unknown>;
}

export interface RenderedConsole extends RenderResult {
  h: Harness;
  queryClient: QueryClient;
}

let open: { h: Harness; stop: () => void } | undefined;

/** Closes the engine of the last `renderConsole` (call in afterEach). */
export async function closeConsole(): Promise<void> {
  if (!open) return;
  const { h, stop } = open;
  open = undefined;
  stop();
  setInThreadEngine(undefined);
  await h.engine.close();
}

export async function renderConsole(
  page: ReactElement,
  { persona = 'manager', route = '*', path = '/', seed }: ConsoleOptions = {},
): Promise<RenderedConsole> {
  await closeConsole();
  const h = await openHarness({ onChange: passNotice });
  setInThreadEngine(h.engine);
  const queryClient = engineQueryClient(h.engine);
  const stopNotices = onEngineChange((notice) => void invalidateStaleReads(queryClient, notice));
  open = {
    h,
    stop: () => {
      stopNotices();
      queryClient.clear();
    },
  };
  await seed?.(h);
  const ctx = h.as(persona);
  setActingUserId(ctx.userId);
  setInstanceId(ctx.instanceId);
  const router = createMemoryRouter([{ path: route, element: page }], { initialEntries: [path] });
  const rendered = render(
    <QueryClientProvider client={queryClient}>
      <NotificationsProvider>
        <RouterProvider router={router} />
      </NotificationsProvider>
    </QueryClientProvider>,
  );
  return { ...rendered, h, queryClient };
}
