import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.mjs';

const CI = !!process.env.CI;
// KEYWARD_E2E_PORT lets several checkouts run their e2e tests side by side.
const PORT = Number(process.env.KEYWARD_E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  // The screenshot tour has its own config (e2e/tour, `npm run shots`): not part of the tests.
  testIgnore: /e2e[\\/]tour[\\/]/,
  // The machine has 2 cores.
  workers: CI ? 1 : 2,
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Serves the production build: `npm test` runs `npm run build` before the e2e tests.
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    // Always a fresh server for the fresh build: never test whatever else listens on the port.
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions(),
      },
    },
  ],
});
