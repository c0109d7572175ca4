import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Vite 8 only has Sass's modern compiler API, so `scss.api` no longer exists as an option.
export default defineConfig({
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
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // IndexedDB's globals (IDBRequest, IDBKeyRange, …) for the engine under Node.
    setupFiles: ['fake-indexeddb/auto'],
    testTimeout: 20_000,
  },
});
