/**
 * The screenshot tour (issue 15): every page and modal at 1440, 1024 and 600 px, light and dark,
 * as a Manager, a Writer and a Reader, written into KEYWARD_SHOTS (default /tmp/tour-shots) for a
 * person to look at. Not part of `npm test`: run it with `npm run shots`. Serves the production
 * build like the main config (KEYWARD_E2E_PORT, KEYWARD_CHROMIUM as there).
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium.mjs';

const PORT = Number(process.env.KEYWARD_E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;
process.env.KEYWARD_SHOTS ??= '/tmp/tour-shots';

export default defineConfig({
  testDir: '.',
  testMatch: 'tour.spec.ts',
  workers: 1,
  retries: 0,
  reporter: 'list',
  // Three roles, two themes, fifteen pages and their modals at three widths each.
  timeout: 1_800_000,
  use: {
    baseURL: BASE_URL,
    trace: 'off',
    screenshot: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    // Playwright runs it in this folder; dist/ is at the project's root.
    cwd: '../..',
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() },
    },
  ],
});
