import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { keywardClient } from './client/keyward-client';
import type { KeywardApi } from './domain/api';
import './app/styles.scss';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The engine's API, reachable from the browser console (and from end-to-end tests): every call
// still goes through the worker and its permission checks.
declare global {
  interface Window {
    keyward: KeywardApi;
  }
}
window.keyward = keywardClient();
