/**
 * The console's providers and routes. Routes are lazy so Carbon's components load with the page
 * that uses them; a change notice from any tab's engine refreshes exactly the reads it made stale
 * (domain/stale-reads.ts).
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { engineQueryClient, invalidateStaleReads } from '../client/engine-query';
import { keywardClient, onEngineChange } from '../client/keyward-client';
import { BootHeader } from './boot-header';

const queryClient = engineQueryClient(keywardClient());

/**
 * A route beyond the first screen: its module, with the stylesheet such pages share
 * (./pages.scss), so neither weighs on the entry.
 */
function page<T>(load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([import('./page-styles'), load()]).then(([, module]) => module);
}

const router = createBrowserRouter([
  {
    lazy: () => import('./shell'),
    // While the shell's chunk loads: the header index.html painted, so nothing blanks it.
    HydrateFallback: BootHeader,
    children: [
      { index: true, lazy: () => import('../features/dashboard/components/dashboard-page') },
      { path: 'keys', lazy: page(() => import('../features/keys/components/keys-page')) },
      { path: 'keys/:keyId', lazy: page(() => import('../features/keys/components/key-page')) },
      { path: 'events', lazy: page(() => import('../features/events/components/events-page')) },
      {
        path: 'settings',
        lazy: page(() => import('../features/settings/components/settings-page')),
      },
      {
        path: 'key-rings',
        lazy: page(() => import('../features/key-rings/components/key-rings-page')),
      },
      // Access management and service authorizations
      {
        path: 'resources',
        lazy: page(() => import('../features/resources/components/resources-page')),
      },
      { path: 'access', lazy: page(() => import('../features/access/components/access-page')) },
      {
        path: 'authorizations',
        lazy: page(() => import('../features/authorizations/components/authorizations-page')),
      },
      {
        path: 'authorizations/new',
        lazy: page(() => import('../features/authorizations/components/authorization-wizard')),
      },
      { path: 'buckets', lazy: page(() => import('../features/buckets/components/buckets-page')) },
      {
        path: 'buckets/:bucketName',
        lazy: page(() => import('../features/buckets/components/bucket-page')),
      },
      // Hyper Protect Crypto Services: crypto units and the master key ceremony (issue 10)
      {
        path: 'hpcs/:instanceId',
        lazy: page(() => import('../features/hpcs/components/hpcs-page')),
      },
      // Presenter kit and backup (issue 12)
      { path: 'demo', lazy: page(() => import('../features/presenter/components/demo-page')) },
      { path: '*', lazy: () => import('./not-found') },
    ],
  },
]);

export function App() {
  useEffect(() => onEngineChange((notice) => void invalidateStaleReads(queryClient, notice)), []);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
