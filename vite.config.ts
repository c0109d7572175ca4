import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The Content-Security-Policy of the built app (README "Serving Keyward with its CSP"): scripts,
 * styles, workers and connections only from the app's own origin, no inline script or style, no
 * plugins, and no framing. Connections may also go to a Keyward server the console is pointed at
 * (Settings: https anywhere, http on this machine only). React sets style attributes through the CSSOM, which `style-src`
 * does not govern; the build has no inline <script> or <style>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "worker-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The dev server injects an inline React Refresh preamble, <style> tags for hot-reloaded CSS and
 * a WebSocket for HMR, so its policy allows those; everything else (framing, plugins, other
 * origins) is as strict as the build's.
 */
const DEV_HEADERS = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  )
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
};

// Vite 8 only has Sass's modern compiler API, so `scss.api` no longer exists as an option.
export default defineConfig({
  server: {
    headers: DEV_HEADERS,
  },
  plugins: [react()],
  build: {
    target: 'es2022',
  },
  worker: {
    format: 'es',
  },
  css: {
    preprocessorOptions: {
      scss: {
        quietDeps: true,
      },
    },
  },
  preview: {
    // 127.0.0.1, not "localhost": Node may resolve localhost to ::1 while Playwright waits on IPv4.
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    headers: SECURITY_HEADERS,
  },
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          // IndexedDB's globals (IDBRequest, IDBKeyRange, …) for the engine under Node.
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        // Pages rendered in jsdom with Testing Library against a real engine in the same thread
        // (src/integration/render-console.tsx): gating reasons, validation and error texts.
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['src/**/*.component.test.tsx'],
          // Typing into a form, as a user does, is slow in jsdom on a loaded machine.
          testTimeout: 60_000,
          setupFiles: ['fake-indexeddb/auto', './src/integration/component-setup.ts'],
        },
      },
    ],
  },
});
