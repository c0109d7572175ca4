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

const queryClient = engineQueryClient(keywardClient());

const router = createBrowserRouter([
  {
    lazy: () => import('./shell'),
    children: [
      { index: true, lazy: () => import('../features/dashboard/components/dashboard-page') },
      { path: 'keys', lazy: () => import('../features/keys/components/keys-page') },
      { path: 'keys/:keyId', lazy: () => import('../features/keys/components/key-page') },
      { path: 'events', lazy: () => import('../features/events/components/events-page') },
      { path: 'settings', lazy: () => import('../features/settings/components/settings-page') },
      { path: 'key-rings', lazy: () => import('../features/key-rings/components/key-rings-page') },
      // Access management and service authorizations
      { path: 'resources', lazy: () => import('../features/resources/components/resources-page') },
      { path: 'access', lazy: () => import('../features/access/components/access-page') },
      {
        path: 'authorizations',
        lazy: () => import('../features/authorizations/components/authorizations-page'),
      },
      {
        path: 'authorizations/new',
        lazy: () => import('../features/authorizations/components/authorization-wizard'),
      },
      { path: 'buckets', lazy: () => import('../features/buckets/components/buckets-page') },
      {
        path: 'buckets/:bucketName',
        lazy: () => import('../features/buckets/components/bucket-page'),
      },
      // Hyper Protect Crypto Services: crypto units and the master key ceremony (issue 10)
      { path: 'hpcs/:instanceId', lazy: () => import('../features/hpcs/components/hpcs-page') },
      // Presenter kit and backup (issue 12)
      { path: 'demo', lazy: () => import('../features/presenter/components/demo-page') },
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
